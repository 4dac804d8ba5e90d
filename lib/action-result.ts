import type { AppErrorCode } from "./errors";

// What every server action returns: data, or a message a person can act on and its code.
export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: AppErrorCode; error: string };
