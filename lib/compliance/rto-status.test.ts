import { describe, expect, it } from "vitest";
import { rtoStatus } from "./rto-status";

const rto = 1800; // PostgreSQL Database: 30 minutes

describe("rtoStatus", () => {
  it.each([
    [60, "ok"],
    [1440, "ok"],
    [1440.5, "at-risk"],
    [1800, "at-risk"],
    [1800.5, "breached"],
    [7200, "breached"],
  ])("a %d s restore against a 30 min target is %s", (seconds, state) => {
    expect(rtoStatus({ rtoSeconds: rto, restorable: true, newestRestoreSeconds: seconds }).state).toBe(state);
  });

  it("is unknown when never restored", () => {
    expect(rtoStatus({ rtoSeconds: rto, restorable: true, newestRestoreSeconds: null })).toEqual({ state: "unknown", durationSeconds: null, share: null });
  });

  it("reports the share of the target", () => {
    expect(rtoStatus({ rtoSeconds: rto, restorable: true, newestRestoreSeconds: 450 })).toEqual({ state: "ok", durationSeconds: 450, share: 0.25 });
  });

  it("is stateless for components nothing restores", () => {
    expect(rtoStatus({ rtoSeconds: 300, restorable: false, newestRestoreSeconds: null }).state).toBe("stateless");
  });
});
