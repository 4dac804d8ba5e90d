import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { encryptStream } from "../crypto/openpgp-stream";
import { AppError, errorMessage } from "../errors";
import { qualified, quoteIdent } from "../postgres/identifiers";
import { assertDumpCompatible, findPgTool, toolVersion } from "../postgres/pg-tools";
import { exportSnapshot, type TableRef } from "../postgres/snapshot";
import type { ObjectStore } from "../storage/object-store";
import type { Manifest } from "./manifest";

export type BackupProgress = { dumpBytes: number; storedBytes: number };

export type PerformBackupOptions = {
  backupId: string;
  component: { id: string; kind: string };
  /** Connection URL of the database to dump (its password is passed to pg_dump by environment, not argv). */
  url: string;
  database: string;
  /** Only these tables (table-set components); the whole database when absent. */
  tables?: TableRef[];
  /** The component's integrity checks, run inside the dumped snapshot. */
  integrityChecks?: { name: string; sql: string }[];
  store: ObjectStore;
  key: string;
  manifestKey: string;
  passphrase: string;
  pgBinDir?: string;
  onProgress?: (p: BackupProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
};

export type BackupResult = { manifest: Manifest; sizeBytes: number; dumpBytes: number; sha256: string; startedAt: Date; finishedAt: Date };

// zlib level 1: pg_dump's single-threaded compression is the backup's bottleneck;
// level 1 dumps ~20% faster than the default 6 for ~2% more bytes (bench/backup).
export const dumpCompression = "1";

// pg_dump writes its pipe in small pieces (7-28 KiB); encrypting and hashing 256 KiB
// chunks instead costs about a third less CPU. Larger chunks buy nothing more and raise
// peak memory, since each stream stage buffers a number of chunks (bench/backup).
const chunkBytes = 256 * 1024;

// Counts bytes, regroups them into larger chunks, and at the end holds the stream open
// until `gate` settles: a pg_dump that exits non-zero fails the whole pipeline instead
// of uploading a truncated dump.
function meter(onBytes: (n: number) => void, gate: () => Promise<void>): Transform {
  let parts: Buffer[] = [];
  let held = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      parts.push(chunk);
      held += chunk.length;
      if (held >= chunkBytes) {
        this.push(Buffer.concat(parts, held));
        parts = [];
        held = 0;
      }
      cb();
    },
    flush(cb) {
      gate().then(
        () => cb(null, held ? Buffer.concat(parts, held) : undefined),
        (e: Error) => cb(e),
      );
    },
  });
}

export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

// Dump -> encrypt -> hash -> multipart upload, all streamed; then re-read the stored
// object to prove its size and SHA-256 before writing the manifest. Nothing is left in
// the repository when any step fails.
export async function performBackup(o: PerformBackupOptions): Promise<BackupResult> {
  const now = o.now ?? (() => new Date());
  const startedAt = now();
  const snapshot = await exportSnapshot({ url: o.url, tables: o.tables });
  let uploadStarted = false;
  try {
    const pgDump = findPgTool("pg_dump", { binDir: o.pgBinDir, serverMajor: snapshot.serverMajor });
    const dumpVersion = await toolVersion(pgDump);
    assertDumpCompatible(dumpVersion.major, snapshot.serverMajor, pgDump);

    const target = new URL(o.url);
    const password = decodeURIComponent(target.password);
    target.password = "";
    const args = ["--format=custom", `--compress=${dumpCompression}`, `--snapshot=${snapshot.id}`, "--no-password", `--dbname=${target.toString()}`];
    if (o.tables) for (const t of o.tables) args.push(`--table=${qualified(t.schema, t.table)}`);

    const child = spawn(pgDump, args, {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PGPASSWORD: password, PGAPPNAME: "dr-control-plane pg_dump" } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      signal: o.signal,
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    const exited = new Promise<void>((resolve, reject) => {
      child.on("error", (e) => reject(new AppError("unavailable", `pg_dump could not run: ${errorMessage(e)}`)));
      child.on("close", (code, signal) => {
        if (code === 0) resolve();
        else reject(new AppError("unavailable", `pg_dump failed (${signal ? `signal ${signal}` : `exit code ${code}`}): ${stderr.trim() || "no message"}`, { transient: true }));
      });
    });
    exited.catch(() => {});
    // Counted on the snapshot's own connection while pg_dump reads the same snapshot.
    const counted = (async () => ({ counts: await snapshot.countRows(), integrity: await snapshot.runChecks(o.integrityChecks ?? []) }))();
    counted.catch(() => {});

    let dumpBytes = 0;
    let storedBytes = 0;
    const hash = createHash("sha256");
    const plain = child.stdout.pipe(meter((n) => (dumpBytes += n), () => exited));
    child.stdout.on("error", (e) => plain.destroy(e));
    const encrypted = await encryptStream(plain, o.passphrase);
    const hashed = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        storedBytes += chunk.length;
        o.onProgress?.({ dumpBytes, storedBytes });
        cb(null, chunk);
      },
    });
    uploadStarted = true;
    try {
      await Promise.all([pipeline(encrypted, hashed), o.store.putStream(o.key, hashed), counted]);
    } catch (e) {
      // A dump failure already arrives here through the meter's gate; anything else
      // (S3, encryption) leaves pg_dump to stop.
      child.kill("SIGTERM");
      throw e;
    }
    await exited;
    const { counts, integrity } = await counted;
    const sha256 = hash.digest("hex");

    const head = await o.store.head(o.key);
    if (!head) throw new AppError("unavailable", `Uploaded object ${o.key} is not in the bucket after the upload finished.`);
    if (head.size !== storedBytes) throw new AppError("unavailable", `Stored object ${o.key} is ${head.size} bytes but ${storedBytes} were sent.`);
    const reread = await sha256OfStream(await o.store.getStream(o.key));
    if (reread.sha256 !== sha256) throw new AppError("unavailable", `Stored object ${o.key} has SHA-256 ${reread.sha256}, expected ${sha256}.`);

    const finishedAt = now();
    const manifest: Manifest = {
      formatVersion: 1,
      backupId: o.backupId,
      component: o.component,
      database: o.database,
      scope: o.tables ? "tables" : "database",
      tables: counts,
      integrity,
      server: { version: snapshot.serverVersion },
      pgDump: { version: dumpVersion.full, format: "custom" },
      encryption: { format: "OpenPGP", cipher: "AES-256", s2k: "iterated+salted" },
      object: { bucket: o.store.bucket, key: o.key, sizeBytes: storedBytes, sha256 },
      dumpBytes,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      restoreHint: restoreHint(o.store, o.key, o.tables),
    };
    await o.store.putText(o.manifestKey, `${JSON.stringify(manifest, null, 2)}\n`, "application/json");
    return { manifest, sizeBytes: storedBytes, dumpBytes, sha256, startedAt, finishedAt };
  } catch (e) {
    if (uploadStarted) await removeArtifacts(o.store, o.key, o.manifestKey);
    throw e;
  } finally {
    await snapshot.release();
  }
}

// pg_dump --table writes no CREATE SCHEMA, so a table-set restore into an empty database
// must create its schemas first.
function restoreHint(store: Pick<ObjectStore, "bucket" | "endpoint">, key: string, tables?: TableRef[]): string {
  const schemas = [...new Set((tables ?? []).map((t) => t.schema))];
  const create = schemas.length ? `psql <target database> -c '${schemas.map((s) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)};`).join(" ")}'\n` : "";
  return `${create}aws s3 cp --endpoint-url ${store.endpoint} s3://${store.bucket}/${key} - | gpg --decrypt --batch --pinentry-mode loopback --passphrase-file backup-passphrase | pg_restore --no-owner --dbname=<target database>`;
}

// Best effort: the repository must not keep a partial object or an open multipart upload.
export async function removeArtifacts(store: ObjectStore, key: string, manifestKey: string): Promise<void> {
  await store.abortUploads(key).catch(() => 0);
  await store.delete(key).catch(() => {});
  await store.delete(manifestKey).catch(() => {});
}
