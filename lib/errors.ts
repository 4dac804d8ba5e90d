// One typed application error; the code decides the HTTP status in one place.
export type AppErrorCode =
  | "validation"
  | "not_found"
  | "forbidden"
  | "unauthorized"
  | "conflict"
  | "unavailable"
  | "internal";

const httpStatus: Record<AppErrorCode, number> = {
  validation: 422,
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  /** True when trying again later may succeed (a server down, a network fault). */
  readonly transient: boolean;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; transient?: boolean },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.transient = options?.transient ?? false;
  }

  get status(): number {
    return httpStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

// What a person is shown: AppError messages as written, anything else generic.
export function publicMessage(e: unknown): string {
  return isAppError(e) ? e.message : "Unexpected error; see the server log for details.";
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// The line of a multi-line driver error that says what happened (Prisma puts a blank
// line and the call site first, the cause last).
export function essentialMessage(e: unknown): string {
  const lines = errorMessage(e).split("\n").map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? "no message";
}
