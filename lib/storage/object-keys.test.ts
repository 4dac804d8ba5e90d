import { describe, expect, it } from "vitest";
import { backupObjectKey, manifestKeyFor, parseBackupKey, utcStamp } from "./object-keys";

const id = "e066ae25-4874-45bb-9aa8-93d4df68033b";
const at = new Date("2026-12-03T08:13:53.987Z");

describe("object keys", () => {
  it("names a backup database/<database>/<UTC timestamp>_<id>.dump.gpg", () => {
    expect(backupObjectKey({ prefix: "", database: "osint_audit", backupId: id, at })).toBe(`database/osint_audit/20261203T081353Z_${id}.dump.gpg`);
  });

  it("puts the repository prefix first", () => {
    expect(backupObjectKey({ prefix: "prod/", database: "osint_audit", backupId: id, at })).toBe(`prod/database/osint_audit/20261203T081353Z_${id}.dump.gpg`);
  });

  it("stamps in UTC whatever the local zone", () => {
    expect(utcStamp(new Date("2026-03-29T01:30:00+02:00"))).toBe("20260328T233000Z");
  });

  it("sorts newest last, as `aws s3 ls | sort | tail -1` expects", () => {
    const keys = ["2026-12-03T10:00:00Z", "2026-01-31T23:59:59Z", "2026-12-03T09:59:59Z"].map((t) => backupObjectKey({ prefix: "", database: "d", backupId: id, at: new Date(t) }));
    expect([...keys].sort()[2]).toBe(keys[0]);
  });

  it("keeps the manifest beside the object", () => {
    expect(manifestKeyFor(`database/osint_audit/20261203T081353Z_${id}.dump.gpg`)).toBe(`database/osint_audit/20261203T081353Z_${id}.manifest.json`);
    expect(() => manifestKeyFor("database/x.sql.gz")).toThrow("not a backup object key: database/x.sql.gz");
  });

  it("parses its own keys and nothing else", () => {
    expect(parseBackupKey("", `database/osint_audit/20261203T081353Z_${id}.manifest.json`)).toEqual({ database: "osint_audit", stamp: "20261203T081353Z", backupId: id, type: "manifest" });
    expect(parseBackupKey("", "database/osint_audit_20261203.sql.gz")).toBeUndefined();
    expect(parseBackupKey("prod/", `database/osint_audit/20261203T081353Z_${id}.dump.gpg`)).toBeUndefined();
  });
});
