import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Manifest } from "../backup/manifest";
import { requestBackup } from "../backup/request-backup";
import { readPassphrase } from "../crypto/passphrase";
import { formatBytes } from "../format";
import type { Backup, Restore } from "../generated/prisma/client";
import { claimNext } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";
import { testActor } from "../testing/test-actor";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase } from "../testing/test-services";
import { performRestore } from "./perform-restore";
import { requestRestore } from "./request-restore";
import { scratchDatabaseName } from "./restore-names";

// Every way a restore's input can be wrong ends `failed` with a message that says what
// is wrong, and leaves no database behind: the checks run before any database is made.

const sourceSql = `
  CREATE SCHEMA audit;
  CREATE TABLE audit.investigations (id serial PRIMARY KEY, target text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2026-01-01T00:00:00Z');
  CREATE TABLE audit.api_key_usage (id serial PRIMARY KEY, endpoint text);
  CREATE TABLE audit.events (id bigserial PRIMARY KEY, actor text, occurred_at timestamptz DEFAULT '2026-02-01T00:00:00Z', body text);
  CREATE TABLE audit.compliance_assessments (id serial PRIMARY KEY, evidence bytea);
  CREATE TABLE audit.recovery_events (id serial PRIMARY KEY);
  INSERT INTO audit.investigations (target) SELECT 'host' || (i % 70) FROM generate_series(1, 700) i;
  INSERT INTO audit.events (actor, body) SELECT 'u' || (i % 9), repeat(md5(i::text), 20) FROM generate_series(1, 3000) i;
  INSERT INTO audit.compliance_assessments (evidence) SELECT sha256(i::text::bytea) FROM generate_series(1, 50) i;
`;

// The databases whose names start with `prefix` (other work may share the server, so
// only names derived from the test's source are compared), and a digest of the source.
async function databases(prefix: string): Promise<string[]> {
  const all = (await adminQuery(`SELECT datname FROM pg_database ORDER BY datname`)).rows.map((r: { datname: string }) => r.datname);
  return all.filter((n) => n.startsWith(prefix));
}

async function sourceDigest(database: string): Promise<Record<string, string>> {
  const r = await adminQuery(
    `SELECT (SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) FROM audit.investigations t) AS investigations,
            (SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) FROM audit.events t) AS events,
            (SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) FROM audit.compliance_assessments t) AS compliance_assessments,
            (SELECT count(*)::text FROM pg_class WHERE relkind = 'r') AS tables`,
    database,
  );
  return r.rows[0];
}

async function runNext(cp: TestControlPlane, kind: "backup" | "restore") {
  const workerId = newWorkerId();
  const job = await claimNext(cp.db, workerId, [kind]);
  if (!job) throw new Error(`no ${kind} job`);
  await runClaimedJob(cp.ctx, job, workerId, new AbortController().signal);
}

describe("restore with bad input", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;
  let digest: Record<string, string>;
  let backup: Omit<Backup, "manifest" | "sha256"> & { manifest: Manifest; sha256: string };

  const restoreLeftovers = async () => (await databases(source.name)).filter((n) => n.startsWith(`${source.name}_restore_`) || n.startsWith(`${source.name}_incoming_`));

  beforeAll(async () => {
    source = await createTestDatabase("drcp_rs_bad");
    await adminQuery(sourceSql, source.name);
    digest = await sourceDigest(source.name);
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  afterAll(async () => {
    await cp?.close();
    if (!source) return;
    for (const name of await databases(source.name)) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  // A fresh verified backup of the whole database for each test, which may then spoil it.
  beforeEach(async () => {
    const b = await requestBackup(cp.ctx, testActor("ui"), { componentId: "postgresql-database" });
    await runNext(cp, "backup");
    const done = await cp.db.backup.findUniqueOrThrow({ where: { id: b.id } });
    expect(done.status).toBe("verified");
    backup = done as typeof backup;
  });

  // Requests and runs a restore that must fail with exactly `message`, recording it
  // everywhere, and leave every database as it was.
  async function expectRestoreFails(message: string, o: { target?: "scratch" | "original"; now?: Date } = {}): Promise<Restore> {
    const before = await databases(source.name);
    const target = o.target ?? "scratch";
    const requested = await requestRestore(cp.ctx, testActor("ui"), { backupId: backup.id, target, confirm: target === "original" ? source.name : undefined, now: o.now });
    await runNext(cp, "restore");
    const r = await cp.db.restore.findUniqueOrThrow({ where: { id: requested.id } });
    expect(r.error).toBe(message);
    expect(r.status).toBe("failed");
    expect(r.scratchExpiresAt).toBeNull();
    expect(r.durationSeconds).toBeGreaterThan(0);
    expect(Math.abs(r.durationSeconds! * 1000 - (r.finishedAt!.getTime() - r.requestedAt.getTime()))).toBeLessThanOrEqual(1);
    const job = await cp.db.job.findFirstOrThrow({ where: { restoreId: r.id } });
    expect([job.status, job.lastError]).toEqual(["failed", message]);
    const events = await cp.db.auditEvent.findMany({ where: { recoveryId: r.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.eventType, e.status])).toEqual([
      ["restore.requested", "queued"],
      ["restore.started", "running"],
      ["restore.failed", "failed"],
    ]);
    expect(events[2]!.notes).toBe(message);
    // Nothing was created, dropped or changed.
    expect(await databases(source.name)).toEqual(before);
    expect(await restoreLeftovers()).toEqual([]);
    expect(await sourceDigest(source.name)).toEqual(digest);
    return r;
  }

  it("a changed byte in the stored object fails the checksum", async () => {
    const chunks: Buffer[] = [];
    for await (const c of await cp.ctx.store.getStream(backup.key)) chunks.push(c as Buffer);
    const spoiled = Buffer.concat(chunks);
    const size = spoiled.length;
    expect(size).toBe(Number(backup.sizeBytes));
    const at = Math.floor(size / 2);
    spoiled.writeUInt8(spoiled.readUInt8(at) ^ 0x01, at);
    await cp.ctx.store.putStream(backup.key, Readable.from([spoiled]));
    expect((await cp.ctx.store.head(backup.key))?.size).toBe(size);
    const sha = createHash("sha256").update(spoiled).digest("hex");
    expect(sha).not.toBe(backup.sha256);

    await expectRestoreFails(
      `Backup object ${backup.key} does not match its manifest (${size} bytes with SHA-256 ${sha}; the manifest says ${size} bytes with SHA-256 ${backup.sha256}): it is corrupt or was changed. Nothing was restored.`,
    );
  });

  it("a wrong passphrase is named as such", async () => {
    const file = cp.ctx.settings.passphraseFile;
    const right = readPassphrase(file);
    writeFileSync(file, "another-passphrase-entirely-0123\n", { mode: 0o600 });
    chmodSync(file, 0o600);
    try {
      await expectRestoreFails("Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).");
    } finally {
      writeFileSync(file, `${right}\n`, { mode: 0o600 });
    }
  });

  it("a missing object", async () => {
    await cp.ctx.store.delete(backup.key);
    await expectRestoreFails(`Backup object ${backup.key} is missing from the bucket; nothing was restored.`);
  });

  it("a missing manifest", async () => {
    await cp.ctx.store.delete(backup.manifestKey);
    await expectRestoreFails(`Manifest ${backup.manifestKey} is missing from the bucket, so the backup cannot be checked; it is not restored.`);
  });

  it("a manifest that is not JSON", async () => {
    await cp.ctx.store.putText(backup.manifestKey, "not json", "application/json");
    await expectRestoreFails(`Manifest ${backup.manifestKey} is unreadable (not JSON: Unexpected token 'o', "not json" is not valid JSON); the backup is not restored.`);
  });

  it("a manifest missing a field", async () => {
    const { object: _object, ...rest } = backup.manifest;
    await cp.ctx.store.putText(backup.manifestKey, JSON.stringify(rest), "application/json");
    await expectRestoreFails(`Manifest ${backup.manifestKey} is unreadable (object: Invalid input: expected object, received undefined); the backup is not restored.`);
  });

  it("a scratch database name that is taken is refused, and that database is kept", async () => {
    const now = new Date("2026-12-03T09:15:00.250Z");
    const taken = scratchDatabaseName(source.name, now);
    expect(taken).toBe(`${source.name}_restore_20261203_091500_250`);
    await adminQuery(`CREATE DATABASE "${taken}"`);
    await adminQuery(`CREATE TABLE keep_me (note text); INSERT INTO keep_me VALUES ('precious')`, taken);
    const before = await databases(source.name);

    const requested = await requestRestore(cp.ctx, testActor("ui"), { backupId: backup.id, target: "scratch", now });
    await runNext(cp, "restore");
    const r = await cp.db.restore.findUniqueOrThrow({ where: { id: requested.id } });
    expect(r.status).toBe("failed");
    expect(r.error).toBe(`Scratch database ${taken} already exists; drop it or restore again.`);
    expect(await databases(source.name)).toEqual(before);
    expect((await adminQuery(`SELECT note FROM keep_me`, taken)).rows).toEqual([{ note: "precious" }]);
    expect(await sourceDigest(source.name)).toEqual(digest);
    await adminQuery(`DROP DATABASE "${taken}"`);
    expect(await restoreLeftovers()).toEqual([]);
  });

  it("not enough disk space is refused before anything is downloaded", async () => {
    const before = await databases(source.name);
    const workDir = mkdtempSync(path.join(tmpdir(), "drcp-restore-disk-"));
    const asked: string[] = [];
    let phases = 0;
    try {
      const m = backup.manifest;
      const needed = m.object.sizeBytes + m.dumpBytes + 64 * 1024 * 1024;
      await expect(
        performRestore({
          backup: { key: backup.key, manifestKey: backup.manifestKey, sha256: backup.sha256, sizeBytes: Number(backup.sizeBytes) },
          store: cp.ctx.store,
          passphrase: readPassphrase(cp.ctx.settings.passphraseFile),
          serverUrl: source.url,
          target: { kind: "scratch", database: scratchDatabaseName(source.name, new Date()) },
          workDir,
          onPhase: () => void phases++,
          freeBytes: async (dir) => {
            asked.push(dir);
            return 10 * 1024 * 1024;
          },
        }),
      ).rejects.toMatchObject({
        code: "unavailable",
        message: `Not enough disk space: the restore needs ${formatBytes(needed)} free in ${workDir}, and 10.0 MiB is available. Free space there or set DR_WORK_DIR to a larger disk.`,
      });
      expect(asked).toEqual([workDir]);
      expect(phases).toBe(0);
      expect(await databases(source.name)).toEqual(before);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("a pg_restore older than the dump's pg_dump is refused", async () => {
    const binDir = mkdtempSync(path.join(tmpdir(), "drcp-old-pg-"));
    const fake = path.join(binDir, "pg_restore");
    writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_restore (PostgreSQL) 14.9"; exit 0; fi\necho "fake pg_restore must not run" >&2\nexit 3\n`);
    chmodSync(fake, 0o755);
    const dumpVersion = backup.manifest.pgDump.version;
    const dumpMajor = Number(dumpVersion.split(".")[0]);
    expect(dumpMajor).toBeGreaterThan(14);
    cp.ctx.settings.pgBinDir = binDir;
    try {
      await expectRestoreFails(`${fake} is version 14, older than the pg_dump ${dumpVersion} that made this backup, and cannot read it. Install postgresql-client-${dumpMajor} or set PG_BIN_DIR.`);
    } finally {
      cp.ctx.settings.pgBinDir = undefined;
      rmSync(binDir, { recursive: true, force: true });
    }
  });
});
