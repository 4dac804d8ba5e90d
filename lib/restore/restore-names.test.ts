import { describe, expect, it } from "vitest";
import { scratchDatabaseName, stagingDatabaseName } from "./restore-names";

const at = new Date("2026-12-03T09:15:00.456Z");

describe("restore database names", () => {
  it("names a scratch database from the source and the UTC time", () => {
    expect(scratchDatabaseName("osint_audit", at)).toBe("osint_audit_restore_20261203_091500_456");
    expect(stagingDatabaseName("osint_audit", at)).toBe("osint_audit_incoming_20261203_091500_456");
  });

  it("keeps within PostgreSQL's 63-byte identifiers and plain characters", () => {
    const name = scratchDatabaseName(`Very-Long ${"x".repeat(80)}`, at);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^very_long_x+_restore_20261203_091500_456$/);
  });
});
