import { NextResponse, type NextRequest } from "next/server";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

// Refuses state-changing requests that a browser sent from another origin (CSRF).
// Machine clients that send no Origin header are let through to their own guard
// (bearer tokens); next-auth's forms also carry their own CSRF token.
export function proxy(request: NextRequest) {
  if (safeMethods.has(request.method)) return NextResponse.next();
  const origin = request.headers.get("origin");
  if (origin === null) return NextResponse.next();
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== host) {
    return NextResponse.json({ error: "Cross-origin request refused." }, { status: 403 });
  }
  return NextResponse.next();
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
