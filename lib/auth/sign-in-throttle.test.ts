import { describe, expect, it } from "vitest";
import { afterFailure, beforeAttempt, type ThrottleState } from "./sign-in-throttle";

const t0 = new Date("2026-12-03T10:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function failTimes(n: number, start = t0): ThrottleState {
  let s: ThrottleState | null = null;
  for (let i = 0; i < n; i++) s = afterFailure(s, new Date(start.getTime() + i * 1000));
  return s!;
}

describe("sign-in throttle", () => {
  it("lets the first attempts through at once", () => {
    expect(beforeAttempt(null, t0)).toEqual({ refused: false, delayMs: 0 });
    expect(beforeAttempt(failTimes(2), at(3))).toEqual({ refused: false, delayMs: 0 });
  });

  it.each([
    [3, 500],
    [4, 1000],
    [5, 2000],
    [7, 8000],
    [9, 8000],
  ])("after %d failures waits %d ms", (n, delay) => {
    expect(beforeAttempt(failTimes(n), at(n))).toEqual({ refused: false, delayMs: delay });
  });

  it("locks for 15 minutes at the tenth failure, then starts afresh", () => {
    const s = failTimes(10);
    expect(s.lockedUntil).toEqual(new Date(at(9).getTime() + 15 * 60_000));
    expect(beforeAttempt(s, at(10))).toEqual({ refused: true, retryAfterMs: 15 * 60_000 - 1000 });
    const after = new Date(s.lockedUntil!.getTime() + 1);
    expect(beforeAttempt(s, after)).toEqual({ refused: false, delayMs: 0 });
    expect(afterFailure(s, after)).toEqual({ failures: 1, firstFailedAt: after, lockedUntil: null });
  });

  it("forgets failures older than the window", () => {
    const s = failTimes(5);
    expect(beforeAttempt(s, at(15 * 60 + 1))).toEqual({ refused: false, delayMs: 0 });
    expect(afterFailure(s, at(15 * 60 + 1)).failures).toBe(1);
  });
});
