import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "../errors";

const run = promisify(execFile);

export type PgTool = "pg_dump" | "pg_restore" | "psql";

// pg_dump, pg_restore and psql come from the PostgreSQL client package, never from npm.
// With PG_BIN_DIR set, only that folder is used; otherwise the version-specific Debian
// folder for the server's major version, then PATH.
export function findPgTool(tool: PgTool, o: { binDir?: string; serverMajor?: number } = {}): string {
  if (o.binDir) {
    const p = path.join(o.binDir, tool);
    if (!existsSync(p)) throw missing(tool, `${p} does not exist (PG_BIN_DIR=${o.binDir})`);
    return p;
  }
  const candidates = [
    ...(o.serverMajor ? [`/usr/lib/postgresql/${o.serverMajor}/bin/${tool}`] : []),
    ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, tool)),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw missing(tool, "it is not on PATH");
  return found;
}

function missing(tool: PgTool, why: string): AppError {
  return new AppError(
    "unavailable",
    `${tool} was not found: ${why}. Install the PostgreSQL client tools (Debian: apt-get install postgresql-client) or set PG_BIN_DIR to the folder that holds ${tool}.`,
  );
}

// "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" -> { full: "15.20", major: 15 }
export function parseToolVersion(output: string): { full: string; major: number } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return undefined;
  return { full: m[2] ? `${m[1]}.${m[2]}` : m[1]!, major: Number(m[1]) };
}

export async function toolVersion(toolPath: string): Promise<{ full: string; major: number }> {
  const { stdout } = await run(toolPath, ["--version"]);
  const v = parseToolVersion(stdout);
  if (!v) throw new AppError("unavailable", `Could not read the version of ${toolPath} (printed: ${stdout.trim()})`);
  return v;
}

// pg_dump refuses servers newer than itself; say so before starting, with the fix.
export function assertDumpCompatible(dumpMajor: number, serverMajor: number, dumpPath: string): void {
  if (dumpMajor < serverMajor) {
    throw new AppError(
      "unavailable",
      `${dumpPath} is version ${dumpMajor} but the server is version ${serverMajor}: pg_dump must be at least the server's major version. Install postgresql-client-${serverMajor} or set PG_BIN_DIR.`,
    );
  }
}
