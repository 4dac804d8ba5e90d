import pg from "pg";
import { AppError, errorMessage } from "../errors";
import { databaseUrlFor } from "../settings";
import { quoteIdent } from "./identifiers";

// Database-level operations on a server, through its maintenance database `postgres`.

async function withAdmin<T>(serverUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrlFor(serverUrl, "postgres"), application_name: "dr-control-plane restore" });
  try {
    await c.connect();
  } catch (e) {
    const u = new URL(serverUrl);
    throw new AppError("unavailable", `Cannot connect to the restore server ${u.hostname}:${u.port || 5432}: ${errorMessage(e)}`, { transient: true });
  }
  try {
    return await f(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export function serverMajor(serverUrl: string): Promise<number> {
  return withAdmin(serverUrl, async (c) => Math.floor(Number((await c.query<{ n: string }>("SHOW server_version_num")).rows[0]!.n) / 10000));
}

export function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withAdmin(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
}

export function createDatabase(serverUrl: string, name: string): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  });
}

export function dropDatabase(serverUrl: string, name: string, o: { force?: boolean } = {}): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${o.force ? " WITH (FORCE)" : ""}`);
  });
}

export function renameDatabase(serverUrl: string, from: string, to: string): Promise<void> {
  return withAdmin(serverUrl, async (c) => {
    await c.query(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
  });
}

export type Session = { pid: number; application: string; user: string; client: string | null };

// Other sessions on a database (ours excluded), to refuse or end them before replacing it.
export function otherSessions(serverUrl: string, database: string): Promise<Session[]> {
  return withAdmin(serverUrl, async (c) => {
    const r = await c.query<Session>(
      `SELECT pid, application_name AS application, usename AS user, client_addr::text AS client FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid() ORDER BY pid`,
      [database],
    );
    return r.rows;
  });
}

export function terminateSessions(serverUrl: string, database: string): Promise<number> {
  return withAdmin(serverUrl, async (c) => {
    const r = await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    return r.rowCount ?? 0;
  });
}
