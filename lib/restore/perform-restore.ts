import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Manifest } from "../backup/manifest";
import { decryptToFile } from "../crypto/decrypt-to-file";
import { AppError, errorMessage } from "../errors";
import { quoteIdent } from "../postgres/identifiers";
import { createDatabase, databaseExists, dropDatabase, otherSessions, renameDatabase, serverMajor, terminateSessions } from "../postgres/admin";
import { findPgTool, toolVersion } from "../postgres/pg-tools";
import { databaseUrlFor } from "../settings";
import type { ObjectStore } from "../storage/object-store";
import { assertDiskSpace, bytesNeeded, downloadVerified, readManifest } from "./fetch-backup";
import { stagingDatabaseName } from "./restore-names";
import { describeMismatches, validateRestore, type IntegrityReport } from "./validate-restore";
import pg from "pg";

export type RestorePhase = "downloading" | "restoring" | "validating";

export type PerformRestoreOptions = {
  backup: { key: string; manifestKey: string; sha256: string | null; sizeBytes: number };
  store: ObjectStore;
  passphrase: string;
  /** Any database URL on the server to restore to (its path is replaced). */
  serverUrl: string;
  target: { kind: "scratch" | "original"; database: string; terminateConnections?: boolean };
  pgBinDir?: string;
  workDir: string;
  onPhase?: (phase: RestorePhase) => Promise<void> | void;
  onProgress?: (downloaded: number, total: number) => void;
  freeBytes?: (dir: string) => Promise<number>;
  /** Names the staging database of an original target (the restore's request time, so a cleanup can find it). */
  stagingAt?: Date;
  signal?: AbortSignal;
};

export type RestoreResult = { manifest: Manifest; integrity: IntegrityReport; database: string; dataBytes: number };

export class IntegrityMismatch extends AppError {
  constructor(
    readonly report: IntegrityReport,
    readonly database: string,
  ) {
    super("validation", `The restored data differs from the backup's manifest: ${describeMismatches(report)}.`);
  }
}

function runPgRestore(pgRestore: string, url: string, file: string, args: string[], signal?: AbortSignal): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = "";
  // Bulk-load settings for the restore's own sessions: a crash mid-restore fails it anyway.
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", PGPASSWORD: password, PGOPTIONS: "-c maintenance_work_mem=256MB -c synchronous_commit=off", PGAPPNAME: "dr-control-plane pg_restore" };
  return new Promise((resolve, reject) => {
    const child = spawn(pgRestore, ["--no-owner", "--exit-on-error", `--dbname=${target.toString()}`, ...args, file], { env: env as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"], signal });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    child.on("error", (e) =>
      reject(signal?.aborted ? new AppError("unavailable", "The restore was stopped (the worker shut down); what it had created was removed.") : new AppError("unavailable", `pg_restore could not run: ${errorMessage(e)}`)),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new AppError("unavailable", `pg_restore failed (exit code ${code}): ${stderr.trim() || "no message"}`))));
  });
}

async function createSchemas(url: string, schemas: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of schemas) await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);
  } finally {
    await c.end();
  }
}

async function assertNoOtherSessions(serverUrl: string, database: string, terminate: boolean): Promise<void> {
  const sessions = await otherSessions(serverUrl, database);
  if (sessions.length === 0) return;
  if (terminate) {
    await terminateSessions(serverUrl, database);
    return;
  }
  const who = [...new Set(sessions.map((s) => s.application || s.user))].slice(0, 5).join(", ");
  throw new AppError("conflict", `${sessions.length} other session${sessions.length > 1 ? "s are" : " is"} connected to ${database} (${who}). Stop the applications using it, or restore again choosing to end those sessions.`);
}

// The restore pipeline. Everything that can be checked without a database is checked
// first: manifest, versions, disk space, the object's size and SHA-256, decryption.
// Only then is a database created or changed, and a failure removes what it created.
export async function performRestore(o: PerformRestoreOptions): Promise<RestoreResult> {
  const m = await readManifest(o.store, o.backup.manifestKey, { sha256: o.backup.sha256, sizeBytes: o.backup.sizeBytes });
  const tableSet = m.scope === "tables";
  const major = await serverMajor(o.serverUrl);
  const pgRestore = findPgTool("pg_restore", { binDir: o.pgBinDir, serverMajor: major });
  const restoreVersion = await toolVersion(pgRestore);
  const dumpMajor = Number(m.pgDump.version.split(".")[0]);
  if (restoreVersion.major < dumpMajor) {
    throw new AppError("unavailable", `${pgRestore} is version ${restoreVersion.major}, older than the pg_dump ${m.pgDump.version} that made this backup, and cannot read it. Install postgresql-client-${dumpMajor} or set PG_BIN_DIR.`);
  }
  const scratch = o.target.kind === "scratch";
  if (scratch && (await databaseExists(o.serverUrl, o.target.database))) {
    throw new AppError("conflict", `Scratch database ${o.target.database} already exists; drop it or restore again.`);
  }
  if (!scratch) {
    if (!(await databaseExists(o.serverUrl, o.target.database)) && tableSet) throw new AppError("not_found", `Database ${o.target.database} does not exist, so its tables cannot be restored into it.`);
    await assertNoOtherSessions(o.serverUrl, o.target.database, o.target.terminateConnections ?? false);
  }
  await assertDiskSpace(o.workDir, bytesNeeded(m), o.freeBytes);

  const work = await mkdtemp(path.join(o.workDir, "restore-"));
  try {
    await o.onPhase?.("downloading");
    const encrypted = path.join(work, "backup.dump.gpg");
    const dump = path.join(work, "backup.dump");
    await downloadVerified(o.store, m, encrypted, (n) => o.onProgress?.(n, m.object.sizeBytes));
    await decryptToFile(encrypted, dump, o.passphrase);
    await rm(encrypted, { force: true });

    await o.onPhase?.("restoring");
    const jobs = String(Math.max(1, Math.min(4, availableParallelism())));
    const schemas = [...new Set(m.tables.map((t) => t.schema))];
    if (!scratch && tableSet) {
      // Table-set over its original: drop and recreate only its tables, atomically.
      const url = databaseUrlFor(o.serverUrl, o.target.database);
      await runPgRestore(pgRestore, url, dump, ["--clean", "--if-exists", "--single-transaction"], o.signal);
      await o.onPhase?.("validating");
      const integrity = await validateRestore(url, m);
      if (!integrity.ok) throw new IntegrityMismatch(integrity, o.target.database);
      return { manifest: m, integrity, database: o.target.database, dataBytes: m.dumpBytes };
    }

    // A whole database, or any scratch restore: into a new database first.
    const into = scratch ? o.target.database : stagingDatabaseName(o.target.database, o.stagingAt ?? new Date());
    const url = databaseUrlFor(o.serverUrl, into);
    await createDatabase(o.serverUrl, into);
    let keep = false;
    try {
      if (tableSet) await createSchemas(url, schemas);
      await runPgRestore(pgRestore, url, dump, ["--jobs", jobs], o.signal);
      await o.onPhase?.("validating");
      const integrity = await validateRestore(url, m);
      if (!integrity.ok) {
        keep = scratch; // a complete but different copy is kept for inspection
        throw new IntegrityMismatch(integrity, into);
      }
      if (!scratch) {
        // Validated: only now is the original replaced by the new copy.
        await assertNoOtherSessions(o.serverUrl, o.target.database, o.target.terminateConnections ?? false);
        await dropDatabase(o.serverUrl, o.target.database, { force: o.target.terminateConnections ?? false });
        await renameDatabase(o.serverUrl, into, o.target.database);
      }
      keep = true;
      return { manifest: m, integrity, database: o.target.database, dataBytes: m.dumpBytes };
    } finally {
      if (!keep) await dropDatabase(o.serverUrl, into, { force: true }).catch(() => {});
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
