import { spawn, type ChildProcess } from "node:child_process";
import { ListMultipartUploadsCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createContext, type Context } from "../context";
import { AppError } from "../errors";
import { claimNext } from "../jobs/queue";
import { newWorkerId, reclaimStale, runClaimedJob } from "../jobs/worker";
import { partSizeBytes } from "../storage/object-store";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase, addPlanCheckColumns } from "../testing/test-services";
import { testActor } from "../testing/test-actor";
import { requestBackup } from "./request-backup";

// The backup as a durable job: enqueue, claim, run, verify; conflicts; retries with
// backoff; and a worker process killed mid-upload.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fillOsintLike(db: TestDatabase, events = 2000): Promise<void> {
  await adminQuery(
    `CREATE SCHEMA audit;
     CREATE TABLE audit.investigations (id serial PRIMARY KEY, target text NOT NULL);
     CREATE TABLE audit.api_key_usage (id serial PRIMARY KEY, endpoint text NOT NULL);
     CREATE TABLE audit.events (id bigserial PRIMARY KEY, payload text NOT NULL);
     CREATE TABLE audit.compliance_assessments (id serial PRIMARY KEY, framework text NOT NULL);
     INSERT INTO audit.investigations (target) SELECT 'host-' || i || '.example.com' FROM generate_series(1, 300) i;
     INSERT INTO audit.api_key_usage (endpoint) SELECT '/api/v' || i FROM generate_series(1, 40) i;
     INSERT INTO audit.events (payload) SELECT md5(i::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) FROM generate_series(1, ${events}) i;
     INSERT INTO audit.compliance_assessments (framework) SELECT 'SOC2' FROM generate_series(1, 7);`,
    db.name,
  );
  await addPlanCheckColumns(db.name);
}

function runOne(ctx: Context) {
  return async () => {
    const workerId = newWorkerId();
    const job = await claimNext(ctx.db, workerId, ["backup"]);
    if (!job) throw new Error("no job to claim");
    await runClaimedJob(ctx, job, workerId, new AbortController().signal);
    return job;
  };
}

describe("backup jobs", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;

  beforeAll(async () => {
    source = await createTestDatabase("drcp_src");
    await fillOsintLike(source);
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  afterAll(async () => {
    await cp?.close();
    await source?.drop();
  });
  afterEach(async () => {
    await cp.db.job.deleteMany();
    await cp.db.backup.deleteMany();
  });

  it("runs a queued backup of a table-set to verified, with the manifest's counts", async () => {
    const requested = await requestBackup(cp.ctx, testActor("cli"), { componentId: "audit-logs" });
    expect(requested.status).toBe("queued");
    expect(requested.key).toMatch(new RegExp(`^database/${source.name}/\\d{8}T\\d{6}Z_${requested.id}\\.dump\\.gpg$`));
    await runOne(cp.ctx)();
    const b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.error).toBeNull();
    expect(b.status).toBe("verified");
    expect(b.error).toBeNull();
    expect(b.attempts).toBe(1);
    const manifest = b.manifest as { tables: { schema: string; table: string; rows: number }[]; object: { sha256: string; sizeBytes: number } };
    expect(manifest.tables).toEqual([
      { schema: "audit", table: "events", rows: 2000 },
      { schema: "audit", table: "compliance_assessments", rows: 7 },
    ]);
    expect(manifest.object.sha256).toBe(b.sha256);
    expect(manifest.object.sizeBytes).toBe(Number(b.sizeBytes));
    expect((await cp.s3.store.head(b.key))?.size).toBe(Number(b.sizeBytes));
    const job = await cp.db.job.findFirstOrThrow({ where: { backupId: b.id } });
    expect(job.status).toBe("succeeded");
  });

  it("refuses a second backup of a component while one is queued", async () => {
    const first = await requestBackup(cp.ctx, testActor("ui"), { componentId: "postgresql-database" });
    await expect(requestBackup(cp.ctx, testActor("ui"), { componentId: "postgresql-database" })).rejects.toThrow(
      new AppError("conflict", `A backup of PostgreSQL Database is already queued (${first.id}); wait for it to finish.`),
    );
    // Other components are not blocked.
    await expect(requestBackup(cp.ctx, testActor("ui"), { componentId: "audit-logs" })).resolves.toMatchObject({ status: "queued" });
  });

  it("lets only one of many simultaneous requests win", async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => requestBackup(cp.ctx, testActor("api"), { componentId: "investigation-data" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await cp.db.backup.count({ where: { componentId: "investigation-data" } })).toBe(1);
  });

  it("says which components exist and which hold no data", async () => {
    await expect(requestBackup(cp.ctx, testActor("ui"), { componentId: "oracle" })).rejects.toThrow(
      'No component "oracle" in the plan; known: frontend-service, backend-api, postgresql-database, redis-cache, mcp-servers, investigation-data, audit-logs.',
    );
    await expect(requestBackup(cp.ctx, testActor("ui"), { componentId: "redis-cache" })).rejects.toThrow("Redis Cache is a redis component with no data to back up.");
  });

  it("retries a transient S3 failure with backoff, then fails after the last attempt", async () => {
    const down = createContext(cp.db, { ...cp.ctx.settings, s3: { ...cp.ctx.settings.s3, endpoint: "http://127.0.0.1:9" } });
    const requested = await requestBackup(down, testActor("scheduler"), { componentId: "audit-logs" });
    const before = Date.now();
    await runOne(down)();
    let b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    let job = await cp.db.job.findFirstOrThrow({ where: { backupId: b.id } });
    expect(b.status).toBe("queued");
    expect(b.error).toMatch(/^Attempt 1 of 3 failed: S3 is unreachable \(s3:\/\/osint-dr-backups at http:\/\/127\.0\.0\.1:9\): ECONNREFUSED\. .* Retrying at \d{4}-\d\d-\d\dT/);
    expect(job.status).toBe("queued");
    expect(job.runAt.getTime() - before).toBeGreaterThanOrEqual(15_000);
    expect(job.runAt.getTime() - before).toBeLessThan(25_000);

    for (const attempt of [2, 3]) {
      await cp.db.job.update({ where: { id: job.id }, data: { runAt: new Date() } });
      await runOne(down)();
      job = await cp.db.job.findFirstOrThrow({ where: { backupId: b.id } });
      expect(job.attempts).toBe(attempt);
    }
    b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.status).toBe("failed");
    expect(b.error).toMatch(/^S3 is unreachable .*ECONNREFUSED.* \(after 3 attempts\)$/);
    expect(job.status).toBe("failed");
  });

  it("fails at once, without retrying, when the passphrase file is unsafe", async () => {
    const { chmodSync } = await import("node:fs");
    chmodSync(cp.ctx.settings.passphraseFile, 0o644);
    try {
      const requested = await requestBackup(cp.ctx, testActor("ui"), { componentId: "audit-logs" });
      await runOne(cp.ctx)();
      const b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
      expect(b.status).toBe("failed");
      expect(b.error).toBe(`Backup passphrase file ${cp.ctx.settings.passphraseFile} is readable by group or others; run: chmod 600 ${cp.ctx.settings.passphraseFile}`);
      expect((await cp.s3.store.list("")).filter((o) => o.key.includes(requested.id))).toEqual([]);
    } finally {
      chmodSync(cp.ctx.settings.passphraseFile, 0o600);
    }
  });
});

describe("a worker killed mid-backup", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    source = await createTestDatabase("drcp_big");
    // Hex text compresses about 2:1, so ~60 MB of it gives several multipart parts.
    await fillOsintLike(source, 500_000);
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await cp?.close();
    await source?.drop();
  });

  const openUploads = async () => {
    const s = cp.ctx.settings.s3;
    const client = new S3Client({ region: s.region, endpoint: s.endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const r = await client.send(new ListMultipartUploadsCommand({ Bucket: s.bucket }));
    return (r.Uploads ?? []).map((u) => u.Key);
  };

  it("leaves nothing verified, and the retry removes the partial upload and succeeds", async () => {
    const requested = await requestBackup(cp.ctx, testActor("ui"), { componentId: "audit-logs" });
    const s = cp.ctx.settings;
    worker = spawn(process.execPath, ["--import", "tsx", "lib/jobs/worker-main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: s.databaseUrl,
        PROTECTED_DATABASE_URL: s.protectedDatabaseUrl,
        S3_ENDPOINT: s.s3.endpoint,
        S3_BUCKET: s.s3.bucket,
        S3_REGION: s.s3.region,
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        BACKUP_PASSPHRASE_FILE: s.passphraseFile,
        DR_DATA_DIR: cp.dir,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let workerErrors = "";
    worker.stderr!.on("data", (d: Buffer) => (workerErrors += d.toString()));
    // Kill it once more than one part is stored but before the upload completes.
    for (let i = 0; ; i++) {
      const b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
      if (b.status === "running" && Number(b.sizeBytes) > 2 * partSizeBytes) break;
      if (b.status === "verified" || b.status === "failed" || i > 1200) throw new Error(`backup is ${b.status}, not killable mid-upload; worker said: ${workerErrors || "nothing"}`);
      await sleep(50);
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker!.once("exit", r));

    let b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.status).toBe("running");
    expect(await openUploads()).toEqual([b.key]);
    expect(await cp.s3.store.head(b.key)).toBeUndefined();

    // Time passes: the heartbeat goes stale and a worker takes the job back.
    await cp.db.job.updateMany({ data: { heartbeatAt: new Date(Date.now() - 60_000) } });
    expect(await reclaimStale(cp.ctx)).toBe(1);
    b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.status).toBe("queued");
    expect(b.error).toMatch(/^Attempt 1 of 3 failed: The worker running this backup \(.+\) stopped responding\. Retrying at /);
    expect(await openUploads()).toEqual([]);

    await cp.db.job.updateMany({ data: { runAt: new Date() } });
    await runOne(cp.ctx)();
    b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.status).toBe("verified");
    expect(b.attempts).toBe(2);
    expect(await openUploads()).toEqual([]);
    expect((await cp.s3.store.list("")).map((o) => o.key).sort()).toEqual([b.key, b.manifestKey].sort());
    expect((b.manifest as { tables: { rows: number }[] }).tables.map((t) => t.rows)).toEqual([500_000, 7]);
  });

  it("marks the backup failed and removes the partial upload when no attempts remain", async () => {
    await cp.db.job.deleteMany();
    await cp.db.backup.deleteMany();
    const requested = await requestBackup(cp.ctx, testActor("ui"), { componentId: "audit-logs" });
    const workerId = "dead-worker";
    await cp.db.job.updateMany({ data: { status: "running", attempts: 3, lockedBy: workerId, heartbeatAt: new Date(Date.now() - 60_000) } });
    await cp.db.backup.update({ where: { id: requested.id }, data: { status: "running", startedAt: new Date() } });
    expect(await reclaimStale(cp.ctx)).toBe(1);
    const b = await cp.db.backup.findUniqueOrThrow({ where: { id: requested.id } });
    expect(b.status).toBe("failed");
    expect(b.error).toBe("The worker running this backup (dead-worker) stopped responding. (after 3 attempts)");
    expect(await openUploads()).toEqual([]);
  });
});
