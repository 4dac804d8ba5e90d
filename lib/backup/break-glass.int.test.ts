import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase, addPlanCheckColumns } from "../testing/test-services";
import { testActor } from "../testing/test-actor";
import { claimNext } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";
import { requestBackup } from "./request-backup";

const run = promisify(execFile);
const script = path.join(process.cwd(), "lib", "backup", "break-glass-restore.sh");

// The README's break-glass path, run as written: with the control plane's code out of
// the loop, curl + sha256sum + gpg + pg_restore bring a backup back.
describe("break-glass restore", () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let cp: TestControlPlane;

  beforeAll(async () => {
    source = await createTestDatabase("drcp_bg_src");
    target = await createTestDatabase("drcp_bg_dst");
    await adminQuery(
      `CREATE SCHEMA audit;
       CREATE TABLE audit.investigations (id serial PRIMARY KEY, target text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
       INSERT INTO audit.investigations (target) SELECT '10.0.' || (i / 256) || '.' || (i % 256) FROM generate_series(1, 1234) i;`,
      source.name,
    );
    await addPlanCheckColumns(source.name);
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  // Only what the README tells an operator to export, nothing of the test's own environment.
  const scriptEnv = () => {
    const s = cp.ctx.settings.s3;
    const vars = { PATH: process.env.PATH, S3_ENDPOINT: s.endpoint, S3_BUCKET: s.bucket, S3_REGION: s.region, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", PASSPHRASE_FILE: cp.ctx.settings.passphraseFile };
    return vars as unknown as NodeJS.ProcessEnv;
  };
  afterAll(async () => {
    await cp?.close();
    await target?.drop();
    await source?.drop();
  });

  it("restores the newest backup with the script the README shows", async () => {
    const b = await requestBackup(cp.ctx, testActor("cli"), { componentId: "postgresql-database" });
    const workerId = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    const { stdout } = await run(script, [b.key, target.url], { env: scriptEnv() });
    expect(stdout.trim()).toBe(`restored ${b.key} into ${target.url}`);
    const counts = await adminQuery(`SELECT count(*)::int AS n, count(DISTINCT target)::int AS targets FROM audit.investigations`, target.name);
    expect(counts.rows[0]).toEqual({ n: 1234, targets: 1234 });
  });

  it("--latest picks the newest backup of the named component, not a newer table-set one", async () => {
    const full = await cp.db.backup.findFirstOrThrow({ where: { status: "verified", componentId: "postgresql-database" } });
    await requestBackup(cp.ctx, testActor("cli"), { componentId: "investigation-data" });
    const workerId = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    const fresh = await createTestDatabase("drcp_bg_latest");
    try {
      const { stdout, stderr } = await run(script, ["--latest", "postgresql-database", fresh.url], { env: scriptEnv() });
      expect(stderr).toBe(`newest backup of postgresql-database: ${full.key}\n`);
      expect(stdout.trim()).toBe(`restored ${full.key} into ${fresh.url}`);
    } finally {
      await fresh.drop();
    }
  });

  it("restores a table-set backup into an empty database, creating its schemas", async () => {
    const tables = await cp.db.backup.findFirstOrThrow({ where: { status: "verified", componentId: "investigation-data" } });
    const empty = await createTestDatabase("drcp_bg_tables");
    try {
      await run(script, ["--latest", "investigation-data", empty.url], { env: scriptEnv() });
      const counts = await adminQuery(`SELECT (SELECT count(*)::int FROM audit.investigations) AS investigations, (SELECT count(*) FROM pg_tables WHERE schemaname = 'audit')::int AS tables`, empty.name);
      expect(counts.rows[0]).toEqual({ investigations: 1234, tables: 2 });
      expect(tables.key).toMatch(/\.dump\.gpg$/);
    } finally {
      await empty.drop();
    }
  });

  it("--latest skips a newest backup whose object is gone", async () => {
    const full = await cp.db.backup.findFirstOrThrow({ where: { status: "verified", componentId: "postgresql-database" } });
    const newer = await requestBackup(cp.ctx, testActor("cli"), { componentId: "postgresql-database", now: new Date(Date.now() + 5_000) });
    const workerId = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    await cp.s3.store.delete(newer.key);
    const fresh = await createTestDatabase("drcp_bg_skip");
    try {
      const { stderr } = await run(script, ["--latest", "postgresql-database", fresh.url], { env: scriptEnv() });
      expect(stderr).toBe(`skipping ${newer.key}: its object is missing from the bucket\nnewest backup of postgresql-database: ${full.key}\n`);
      await expect(run(script, [newer.key, fresh.url], { env: scriptEnv() })).rejects.toMatchObject({
        code: 1,
        stderr: `curl: (22) The requested URL returned error: 404\ncannot fetch s3://${cp.ctx.settings.s3.bucket}/${newer.key} from ${cp.ctx.settings.s3.endpoint}: the object is missing, or the S3 settings are wrong\n`,
      });
    } finally {
      await fresh.drop();
    }
  });

  it("prints its usage when called wrongly", async () => {
    await expect(run(script, [], { env: scriptEnv() })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage: ") });
  });

  it("refuses an object whose bytes differ from the manifest", async () => {
    const b = await cp.db.backup.findFirstOrThrow({ where: { status: "verified", componentId: "postgresql-database" } });
    await cp.s3.store.putText(b.key, "tampered", "application/octet-stream");
    const failed = run(script, [b.key, target.url], { env: scriptEnv() });
    await expect(failed).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^SHA-256 of the object is [0-9a-f]{64} but the manifest says [0-9a-f]{64}: do not restore it\n$/) });
  });

  it("is the script the README prints", () => {
    const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const body = readFileSync(script, "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#!"));
    for (const line of body) expect(readme, `README is missing: ${line}`).toContain(line);
  });
});
