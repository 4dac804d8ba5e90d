import { NextResponse } from "next/server";
import { authorize } from "./auth/authorize";
import type { Actor } from "./auth/actor";
import type { Permission } from "./auth/permissions";
import { requestActor } from "./auth/session";
import { db } from "./db";
import { AppError, isAppError, publicMessage } from "./errors";

// Route handlers answer errors the same way: AppError code -> status, others 500.
export function errorResponse(e: unknown): NextResponse {
  if (!isAppError(e)) console.error(e);
  const status = isAppError(e) ? e.status : 500;
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="dr-control-plane"';
  return NextResponse.json({ error: publicMessage(e) }, { status, headers });
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

// The guard for route handlers: `session: false` for the machine API (bearer tokens only).
export async function guardRequest(req: Request, permission: Permission, o: { session: boolean; component?: string }): Promise<Actor> {
  if (!o.session && !req.headers.get("authorization")) {
    throw new AppError("unauthorized", "This API takes a bearer token (Authorization: Bearer <token>; see the Tokens page); browser sessions are not accepted here.");
  }
  return authorize(db(), await requestActor(req, o), permission, { component: o.component });
}

// Query parameters of the machine API are checked, not ignored: a typo must not widen a query.
export function knownComponent(settings: { plan: { components: { id: string }[] } }, id: string | null): string | undefined {
  if (id === null || id === "") return undefined;
  if (!settings.plan.components.some((c) => c.id === id)) {
    throw new AppError("validation", `Unknown component "${id}"; known: ${settings.plan.components.map((c) => c.id).join(", ")}.`);
  }
  return id;
}
