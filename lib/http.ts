import { NextResponse } from "next/server";
import { isAppError, publicMessage } from "./errors";

// Route handlers answer errors the same way: AppError code -> status, others 500.
export function errorResponse(e: unknown): NextResponse {
  if (!isAppError(e)) console.error(e);
  const status = isAppError(e) ? e.status : 500;
  return NextResponse.json({ error: publicMessage(e) }, { status, headers: { "Cache-Control": "no-store" } });
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
