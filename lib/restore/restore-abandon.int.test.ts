import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "../audit/list-audit-events";
import { requestBackup } from "../backup/request-backup";
import { claimNext } from "../jobs/queue";
import { newWorkerId, reclaimStale, runClaimedJob } from "../jobs/worker";
import { testActor } from "../testing/test-actor";
import { addPlanCheckColumns, adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase } from "../testing/test-services";
import { requestRestore } from "./request-restore";
import { stagingDatabaseName } from "./restore-names";

// A worker that dies mid-restore: whoever takes the job back removes the database the
// restore was building and fails it with the reason, audited.
describe("a restore whose worker died", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;
  let backupId: string;

  const exists = async (name: string) => (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount === 1;

  // Claims the restore's job as a worker that then "dies" while `status` is current.
  async function dieWhile(restoreId: string, status: "downloading" | "restoring", building: string | null) {
    const job = await claimNext(cp.db, "doomed-worker", ["restore"]);
    expect(job?.restoreId).toBe(restoreId);
    await cp.db.restore.update({ where: { id: restoreId }, data: { status, startedAt: new Date() } });
    if (building) await adminQuery(`CREATE DATABASE "${building}"`);
    await cp.db.job.updateMany({ where: { id: job!.id }, data: { heartbeatAt: new Date(Date.now() - 60_000) } });
    expect(await reclaimStale(cp.ctx)).toBe(1);
    return cp.db.restore.findUniqueOrThrow({ where: { id: restoreId } });
  }

  beforeAll(async () => {
    source = await createTestDatabase("drcp_ab_src");
    await addPlanCheckColumns(source.name);
    await adminQuery(`INSERT INTO audit.events (actor) SELECT 'a' FROM generate_series(1, 10)`, source.name);
    cp = await startTestControlPlane({ protectedUrl: source.url });
    const b = await requestBackup(cp.ctx, testActor("ui"), { componentId: "postgresql-database" });
    const w = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, w, ["backup"]))!, w, new AbortController().signal);
    backupId = b.id;
  });
  afterAll(async () => {
    await cp?.close();
    for (const r of (await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${source.name}%'`)).rows) await adminQuery(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  });

  it("drops a half-restored scratch database and fails the restore, audited", async () => {
    const r = await requestRestore(cp.ctx, testActor("ui"), { backupId, target: "scratch" });
    const after = await dieWhile(r.id, "restoring", r.targetDatabase);
    expect(after.status).toBe("failed");
    expect(after.error).toBe(`The worker running this restore (doomed-worker) stopped responding. The partly restored database ${r.targetDatabase} was removed.`);
    expect(after.scratchDroppedAt).not.toBeNull();
    expect(await exists(r.targetDatabase)).toBe(false);
    const events = await listAuditEvents(cp.db, { type: "restore." });
    expect(events[0]).toMatchObject({ eventType: "restore.failed", recoveryId: r.id, notes: after.error });
  });

  it("does not touch a scratch name it had not created yet", async () => {
    const r = await requestRestore(cp.ctx, testActor("ui"), { backupId, target: "scratch" });
    await adminQuery(`CREATE DATABASE "${r.targetDatabase}"`);
    const after = await dieWhile(r.id, "downloading", null);
    expect(after.error).toBe("The worker running this restore (doomed-worker) stopped responding.");
    expect(await exists(r.targetDatabase)).toBe(true);
  });

  it("removes an original's staging copy and leaves the original as it was", async () => {
    const r = await requestRestore(cp.ctx, testActor("ui", "coordinator"), { backupId, target: "original", confirm: source.name });
    const staging = stagingDatabaseName(source.name, r.requestedAt);
    const after = await dieWhile(r.id, "restoring", staging);
    expect(after.error).toBe(`The worker running this restore (doomed-worker) stopped responding. The partly restored database ${staging} was removed. The original database ${source.name} was not replaced.`);
    expect(await exists(staging)).toBe(false);
    expect((await adminQuery(`SELECT count(*)::int AS n FROM audit.events`, source.name)).rows[0].n).toBe(10);
  });
});
