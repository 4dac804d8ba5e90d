import { describe, expect, it } from "vitest";
import { rpoStatus, withinRpoShare } from "./rpo-status";

const now = new Date("2026-12-03T12:00:00.000Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const hour = 3600;

describe("rpoStatus", () => {
  it.each([
    ["fresh backup", 0, "ok"],
    ["just under 80%", 0.8 * hour - 1, "ok"],
    ["exactly 80% is still ok", 0.8 * hour, "ok"],
    ["one second past 80%", 0.8 * hour + 1, "at-risk"],
    ["exactly 100% is at risk, not breached", hour, "at-risk"],
    ["one second past 100%", hour + 1, "breached"],
    ["a day old", 24 * hour, "breached"],
  ])("%s (%d s old, 1 h target) is %s", (_name, age, state) => {
    expect(rpoStatus({ rpoSeconds: hour, backedUp: true, newestVerifiedAt: ago(age), now }).state).toBe(state);
  });

  it("reports the age and the share of the target", () => {
    expect(rpoStatus({ rpoSeconds: 4 * hour, backedUp: true, newestVerifiedAt: ago(hour), now })).toEqual({ state: "ok", ageSeconds: 3600, share: 0.25 });
  });

  it("is breached with no verified backup at all", () => {
    expect(rpoStatus({ rpoSeconds: hour, backedUp: true, newestVerifiedAt: null, now })).toEqual({ state: "breached", ageSeconds: null, share: null });
  });

  it("is stateless for components with nothing to back up", () => {
    expect(rpoStatus({ rpoSeconds: 0, backedUp: false, newestVerifiedAt: null, now })).toEqual({ state: "stateless", ageSeconds: null, share: null });
  });

  it("counts a backup from the future as age zero (clock skew), not negative", () => {
    expect(rpoStatus({ rpoSeconds: hour, backedUp: true, newestVerifiedAt: new Date(now.getTime() + 5000), now }).ageSeconds).toBe(0);
  });
});

describe("withinRpoShare", () => {
  it("counts at-risk as within and leaves stateless components out", () => {
    expect(withinRpoShare(["ok", "at-risk", "breached", "stateless", "stateless"])).toEqual({ within: 2, total: 3 });
  });
});
