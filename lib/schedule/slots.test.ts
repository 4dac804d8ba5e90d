import { describe, expect, it } from "vitest";
import { latestSlot, nextSlot } from "./slots";

describe("schedule slots", () => {
  it("daily at 02:00 UTC", () => {
    expect(nextSlot("0 2 * * *", "UTC", new Date("2026-12-03T08:00:00Z")).toISOString()).toBe("2026-12-04T02:00:00.000Z");
    expect(latestSlot("0 2 * * *", "UTC", new Date("2026-12-03T08:00:00Z")).toISOString()).toBe("2026-12-03T02:00:00.000Z");
  });

  it("counts a slot that is exactly now as the latest", () => {
    expect(latestSlot("0 2 * * *", "UTC", new Date("2026-12-03T02:00:00Z")).toISOString()).toBe("2026-12-03T02:00:00.000Z");
  });

  it("keeps 02:00 local time across a daylight-saving change", () => {
    // Europe/Berlin: CET (+01:00) until 2026-03-29, CEST (+02:00) after.
    expect(nextSlot("0 2 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z")).toISOString()).toBe("2026-03-28T01:00:00.000Z");
    expect(nextSlot("0 2 * * *", "Europe/Berlin", new Date("2026-03-30T12:00:00Z")).toISOString()).toBe("2026-03-31T00:00:00.000Z");
  });
});
