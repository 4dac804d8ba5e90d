import pg from "pg";
import { AppError, errorMessage } from "../errors";
import { qualified } from "./identifiers";

export type TableRef = { schema: string; table: string };
export type TableCount = TableRef & { rows: number };
export type IntegrityResult = { name: string; sql: string; values: Record<string, string | null> };

// A repeatable-read transaction whose snapshot pg_dump imports (--snapshot), so the
// row counts in the manifest describe exactly the rows in the dump.
export type ExportedSnapshot = {
  id: string;
  serverVersion: string;
  serverMajor: number;
  tables: TableRef[];
  countRows(): Promise<TableCount[]>;
  runChecks(checks: { name: string; sql: string }[]): Promise<IntegrityResult[]>;
  release(): Promise<void>;
};

export async function exportSnapshot(o: { url: string; tables?: TableRef[] }): Promise<ExportedSnapshot> {
  const client = new pg.Client({ connectionString: o.url, application_name: "dr-control-plane backup" });
  try {
    await client.connect();
  } catch (e) {
    const where = new URL(o.url);
    throw new AppError("unavailable", `Cannot connect to database "${where.pathname.slice(1)}" at ${where.hostname}:${where.port || 5432}: ${errorMessage(e)}`, { transient: true });
  }
  try {
    // Integrity values print times in the session's zone: fix it so copies compare exactly.
    await client.query("SET TimeZone TO 'UTC'");
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: snap } = await client.query<{ id: string; v: string; n: string }>(
      "SELECT pg_export_snapshot() AS id, current_setting('server_version') AS v, current_setting('server_version_num') AS n",
    );
    const all = await client.query<TableRef>(
      `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       ORDER BY 1, 2`,
    );
    let tables = all.rows;
    if (o.tables) {
      const missing = o.tables.filter((t) => !all.rows.some((r) => r.schema === t.schema && r.table === t.table));
      if (missing.length > 0) {
        throw new AppError("validation", `Table ${missing.map((t) => `${t.schema}.${t.table}`).join(", ")} does not exist in the database; fix the component's tables in the plan.`);
      }
      tables = o.tables;
    }
    const { id, v, n } = snap[0]!;
    return {
      id,
      serverVersion: v,
      serverMajor: Math.floor(Number(n) / 10000),
      tables,
      countRows: () => countTables(client, tables),
      runChecks: (checks) => runIntegrityChecks(client, checks),
      async release() {
        await client.query("COMMIT").catch(() => {});
        await client.end().catch(() => {});
      },
    };
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
}

// Values as PostgreSQL prints them (text), so a restored copy compares exactly.
export async function runIntegrityChecks(client: pg.ClientBase, checks: { name: string; sql: string }[]): Promise<IntegrityResult[]> {
  const out: IntegrityResult[] = [];
  for (const c of checks) {
    const r = await client.query({ text: `SELECT to_jsonb(q) AS row FROM (${c.sql}) q LIMIT 2`, rowMode: "array" }).catch((e: Error) => {
      throw new AppError("validation", `Integrity check "${c.name}" failed to run: ${e.message}. Fix its SQL in the plan.`);
    });
    if (r.rows.length !== 1) throw new AppError("validation", `Integrity check "${c.name}" must return exactly one row (it returned ${r.rows.length === 0 ? "none" : "several"}).`);
    const row = (r.rows[0] as unknown[])[0] as Record<string, unknown>;
    out.push({ name: c.name, sql: c.sql, values: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : typeof v === "string" ? v : JSON.stringify(v)])) });
  }
  return out;
}

export async function countTables(client: pg.ClientBase, tables: TableRef[]): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const t of tables) {
    const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(t.schema, t.table)}`);
    out.push({ ...t, rows: Number(r.rows[0]!.n) });
  }
  return out;
}
