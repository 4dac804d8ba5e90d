import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { defaultPlanFile, loadPlanFile, parsePlan } from "./load-plan";

const defaultText = readFileSync(defaultPlanFile, "utf8");

// Builder: the default plan with one change applied.
function planWith(change: (p: Record<string, any>) => void): string {
  const p = parse(defaultText);
  change(p);
  return stringify(p);
}

const invalid = (text: string) => {
  try {
    parsePlan(text, "/etc/dr/plan.yaml");
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the plan to be refused");
};

describe("the default plan", () => {
  const plan = loadPlanFile(defaultPlanFile);

  it("declares the seven components of the OSINT platform with their targets", () => {
    expect(plan.components.map((c) => [c.id, c.kind, c.criticality, c.rto, c.rpo])).toEqual([
      ["frontend-service", "http-service", "high", 300, 0],
      ["backend-api", "kubernetes-workload", "critical", 600, 0],
      ["postgresql-database", "postgres", "critical", 1800, 3600],
      ["redis-cache", "redis", "medium", 300, 0],
      ["mcp-servers", "kubernetes-workload", "high", 900, 0],
      ["investigation-data", "table-set", "high", 3600, 14400],
      ["audit-logs", "table-set", "critical", 7200, 3600],
    ]);
  });

  it("backs the database up daily at 02:00 UTC into osint-dr-backups, 7 days local, 30 remote", () => {
    expect(plan.backupPolicies).toEqual([
      { id: "postgresql-daily", component: "postgresql-database", schedule: "0 2 * * *", timeZone: "UTC", repository: "primary", retention: { localDays: 7, remoteDays: 30 } },
    ]);
    expect(plan.repositories[0]).toEqual({ id: "primary", region: "us-east-1", bucket: "osint-dr-backups", prefix: "" });
  });

  it("scopes the table-set components to the seed's tables", () => {
    expect(plan.components.find((c) => c.id === "investigation-data")!.tables).toEqual(["audit.investigations", "audit.api_key_usage"]);
    expect(plan.components.find((c) => c.id === "audit-logs")!.tables).toEqual(["audit.events", "audit.compliance_assessments"]);
  });
});

describe("an invalid plan names the file, the field and the problem", () => {
  it.each([
    [
      "a bad duration",
      planWith((p) => (p.components[2].rpo = "soon")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  components[2].rpo: expected a duration like 0, 30m, 1h or 1h30m, got "soon"',
    ],
    [
      "an unknown kind",
      planWith((p) => (p.components[0].kind = "mainframe")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  components[0].kind: Invalid option: expected one of "postgres"|"table-set"|"kubernetes-workload"|"redis"|"http-service"|"object-store"',
    ],
    [
      "a policy for a missing component",
      planWith((p) => (p.backupPolicies[0].component = "oracle-db")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  backupPolicies[0].component: no component has id "oracle-db"',
    ],
    [
      "a policy for a stateless component",
      planWith((p) => (p.backupPolicies[0].component = "redis-cache")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  backupPolicies[0].component: "redis-cache" is a redis component; only postgres and table-set components are backed up',
    ],
    [
      "a bad cron expression",
      planWith((p) => (p.backupPolicies[0].schedule = "every day")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  backupPolicies[0].schedule: expected a 5-field cron expression (like "0 2 * * *")',
    ],
    [
      "an unknown time zone",
      planWith((p) => (p.backupPolicies[0].timeZone = "Mars/Olympus")),
      "Plan file /etc/dr/plan.yaml is invalid:\n  backupPolicies[0].timeZone: unknown IANA time zone (like UTC or Europe/Berlin)",
    ],
    [
      "a duplicate id",
      planWith((p) => (p.components[1].id = "frontend-service")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  components[1].id: duplicate id "frontend-service"',
    ],
    [
      "a table-set without tables",
      planWith((p) => delete p.components[5].tables),
      "Plan file /etc/dr/plan.yaml is invalid:\n  components[5].tables: a table-set component lists its tables",
    ],
    [
      "an unqualified table",
      planWith((p) => (p.components[6].tables = ["events"])),
      'Plan file /etc/dr/plan.yaml is invalid:\n  components[6].tables[0]: write tables as "schema.table" (like audit.events)',
    ],
    [
      "an unknown field",
      planWith((p) => (p.components[0].rpoo = "1h")),
      'Plan file /etc/dr/plan.yaml is invalid:\n  components[0]: Unrecognized key: "rpoo"',
    ],
    ["broken YAML", "platform: x\ncomponents: [\n", "Plan file /etc/dr/plan.yaml is not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
  ])("%s", (_name, text, message) => {
    expect(invalid(text)).toBe(message);
  });

  it("says when the file cannot be read", () => {
    expect(() => loadPlanFile("/no/such/plan.yaml")).toThrow("Plan file /no/such/plan.yaml cannot be read: ENOENT");
  });

  it("loads a valid edited copy", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "plan-"));
    const file = path.join(dir, "plan.yaml");
    writeFileSync(file, planWith((p) => (p.backupPolicies[0].timeZone = "Europe/Berlin")));
    expect(loadPlanFile(file).backupPolicies[0]!.timeZone).toBe("Europe/Berlin");
    rmSync(dir, { recursive: true });
  });
});
