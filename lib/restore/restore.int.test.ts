import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "../backup/request-backup";
import { claimNext } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";
import { testActor } from "../testing/test-actor";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase } from "../testing/test-services";
import { requestRestore } from "./request-restore";

async function runNext(cp: TestControlPlane, kind: "backup" | "restore") {
  const workerId = newWorkerId();
  const job = await claimNext(cp.db, workerId, [kind]);
  if (!job) throw new Error(`no ${kind} job`);
  await runClaimedJob(cp.ctx, job, workerId, new AbortController().signal);
}

describe("restore round trip", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;
  beforeAll(async () => {
    source = await createTestDatabase("drcp_rs_src");
    await adminQuery(
      `CREATE SCHEMA audit;
       CREATE TABLE audit.investigations (id serial PRIMARY KEY, target text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2026-01-01T00:00:00Z');
       CREATE TABLE audit.api_key_usage (id serial PRIMARY KEY, endpoint text);
       CREATE TABLE audit.events (id bigserial PRIMARY KEY, actor text, occurred_at timestamptz DEFAULT now());
       CREATE TABLE audit.compliance_assessments (id serial PRIMARY KEY);
       CREATE TABLE audit.recovery_events (id serial PRIMARY KEY);
       INSERT INTO audit.investigations (target) SELECT 'host' || (i % 70) FROM generate_series(1, 700) i;
       INSERT INTO audit.events (actor) SELECT 'u' || (i % 9) FROM generate_series(1, 900) i;`,
      source.name,
    );
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  afterAll(async () => {
    await cp?.close();
    const leftovers = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${source.name}%'`);
    for (const r of leftovers.rows) await adminQuery(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });

  it("restores the whole database into a scratch copy and validates it", async () => {
    await requestBackup(cp.ctx, testActor("ui"), { componentId: "postgresql-database" });
    await runNext(cp, "backup");
    const backup = await cp.db.backup.findFirstOrThrow({ where: { status: "verified" } });
    const manifest = backup.manifest as { integrity: { name: string; values: Record<string, string> }[] };
    expect(manifest.integrity[0]).toMatchObject({ name: "investigation data consistency", values: { total_investigations: "700", unique_targets: "70", latest_investigation: "2026-01-01T00:00:00+00:00" } });
    const r = await requestRestore(cp.ctx, testActor("ui"), { backupId: backup.id, target: "scratch" });
    await runNext(cp, "restore");
    const done = await cp.db.restore.findUniqueOrThrow({ where: { id: r.id } });
    expect(done.error).toBeNull();
    expect(done.status).toBe("validated");
    expect((done.integrity as { ok: boolean }).ok).toBe(true);
    const n = await adminQuery(`SELECT count(*)::int AS n FROM audit.events`, done.targetDatabase);
    expect(n.rows[0].n).toBe(900);
  });
});
