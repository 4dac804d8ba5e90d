// Failed sign-ins per key (an account or an address): after a few, each attempt waits
// longer; after many within the window, the key is refused until the lock expires.

export const throttlePolicy = {
  windowMs: 15 * 60_000,
  slowAfter: 3,
  maxDelayMs: 8_000,
  lockAfter: 10,
  lockMs: 15 * 60_000,
};

export type ThrottleState = { failures: number; firstFailedAt: Date; lockedUntil: Date | null };

export type ThrottleDecision = { refused: true; retryAfterMs: number } | { refused: false; delayMs: number };

// Before checking a password: refuse while locked, otherwise how long to wait first.
export function beforeAttempt(state: ThrottleState | null, now: Date, p = throttlePolicy): ThrottleDecision {
  if (!state) return { refused: false, delayMs: 0 };
  if (state.lockedUntil && state.lockedUntil > now) return { refused: true, retryAfterMs: state.lockedUntil.getTime() - now.getTime() };
  if (now.getTime() - state.firstFailedAt.getTime() > p.windowMs) return { refused: false, delayMs: 0 };
  if (state.failures < p.slowAfter) return { refused: false, delayMs: 0 };
  return { refused: false, delayMs: Math.min(p.maxDelayMs, 500 * 2 ** (state.failures - p.slowAfter)) };
}

// After a failed attempt: the new state to store.
export function afterFailure(state: ThrottleState | null, now: Date, p = throttlePolicy): ThrottleState {
  const fresh = !state || now.getTime() - state.firstFailedAt.getTime() > p.windowMs || (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = fresh ? 1 : state.failures + 1;
  return {
    failures,
    firstFailedAt: fresh ? now : state.firstFailedAt,
    lockedUntil: failures >= p.lockAfter ? new Date(now.getTime() + p.lockMs) : null,
  };
}
