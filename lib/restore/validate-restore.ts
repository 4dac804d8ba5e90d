import pg from "pg";
import type { Manifest } from "../backup/manifest";
import { countTables, runIntegrityChecks } from "../postgres/snapshot";

export type IntegrityCheckResult = { name: string; expected: string | null; actual: string | null; ok: boolean };
export type IntegrityReport = { ok: boolean; checks: IntegrityCheckResult[] };

const n = (v: number) => v.toLocaleString("en-US");

// Recounts every table the manifest lists and reruns the integrity checks it stored,
// on the restored copy; any difference fails the restore.
export async function validateRestore(url: string, manifest: Manifest): Promise<IntegrityReport> {
  const client = new pg.Client({ connectionString: url, application_name: "dr-control-plane validate" });
  await client.connect();
  try {
    await client.query("SET TimeZone TO 'UTC'");
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const checks: IntegrityCheckResult[] = [];
    const existing = await client.query<{ schema: string; table: string }>(
      `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')`,
    );
    const present = new Set(existing.rows.map((r) => `${r.schema}.${r.table}`));
    const found = manifest.tables.filter((t) => present.has(`${t.schema}.${t.table}`));
    const counts = await countTables(client, found);
    for (const t of manifest.tables) {
      const c = counts.find((x) => x.schema === t.schema && x.table === t.table);
      checks.push({ name: `rows in ${t.schema}.${t.table}`, expected: String(t.rows), actual: c ? String(c.rows) : null, ok: c?.rows === t.rows });
    }
    const reruns = await runIntegrityChecks(client, manifest.integrity).catch((e: Error) => manifest.integrity.map((i) => ({ ...i, values: { error: e.message } as Record<string, string | null> })));
    for (const expected of manifest.integrity) {
      const actual = reruns.find((r) => r.name === expected.name)?.values ?? {};
      const keys = [...new Set([...Object.keys(expected.values), ...Object.keys(actual)])];
      for (const k of keys) {
        checks.push({ name: `${expected.name}: ${k}`, expected: expected.values[k] ?? null, actual: actual[k] ?? null, ok: (expected.values[k] ?? null) === (actual[k] ?? null) });
      }
    }
    await client.query("COMMIT");
    return { ok: checks.every((c) => c.ok), checks };
  } finally {
    await client.end().catch(() => {});
  }
}

// "audit.events: 99,999 rows restored, the manifest says 100,000 (1 fewer)".
export function describeMismatches(report: IntegrityReport): string {
  return report.checks
    .filter((c) => !c.ok)
    .map((c) => {
      if (c.name.startsWith("rows in ")) {
        const table = c.name.slice("rows in ".length);
        if (c.actual === null) return `${table}: missing from the restored database (the manifest says ${n(Number(c.expected))} rows)`;
        const d = Number(c.actual) - Number(c.expected);
        return `${table}: ${n(Number(c.actual))} rows restored, the manifest says ${n(Number(c.expected))} (${n(Math.abs(d))} ${d < 0 ? "fewer" : "more"})`;
      }
      return `${c.name}: restored ${c.actual ?? "nothing"}, the manifest says ${c.expected ?? "nothing"}`;
    })
    .join("; ");
}
