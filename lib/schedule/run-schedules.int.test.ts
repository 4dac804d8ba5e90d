import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reconcileInventory } from "../backup/reconcile-inventory";
import { listBackups } from "../backup/list-backups";
import { requestBackup } from "../backup/request-backup";
import { getSystemStatus } from "../compliance/system-status";
import { createContext } from "../context";
import { claimNext } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase, addPlanCheckColumns } from "../testing/test-services";
import { testActor } from "../testing/test-actor";
import { runSchedules } from "./run-schedules";
import { summarizeDrills } from "../restore/drills";
import { getOverview } from "../compliance/get-overview";
import { requestRestore } from "../restore/request-restore";
import { listAuditEvents } from "../audit/list-audit-events";

describe("schedules, inventory and status", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;

  beforeAll(async () => {
    source = await createTestDatabase("drcp_sched");
    await adminQuery(
      `CREATE SCHEMA audit;
       CREATE TABLE audit.events (id serial PRIMARY KEY, t text); INSERT INTO audit.events (t) SELECT 'e' || i FROM generate_series(1, 50) i;
       CREATE TABLE audit.compliance_assessments (id serial PRIMARY KEY);
       CREATE TABLE audit.investigations (id serial PRIMARY KEY);
       CREATE TABLE audit.api_key_usage (id serial PRIMARY KEY);`,
      source.name,
    );
    await addPlanCheckColumns(source.name);
    cp = await startTestControlPlane({ protectedUrl: source.url });
  });
  afterAll(async () => {
    await cp?.close();
    await source?.drop();
  });
  afterEach(async () => {
    await cp.db.scheduleRun.deleteMany();
    await cp.db.job.deleteMany();
    await cp.db.backup.deleteMany();
  });

  it("records a baseline first, enqueues each later slot once, and catches up one missed slot", async () => {
    const first = new Date("2026-12-03T08:00:00Z");
    expect(await runSchedules(cp.ctx, first)).toEqual([
      { policyId: "postgresql-daily", slot: new Date("2026-12-03T02:00:00Z"), outcome: "baseline" },
      { policyId: "monthly-restore-test", slot: new Date("2026-11-08T03:00:00Z"), outcome: "baseline" },
    ]);
    expect(await cp.db.backup.count()).toBe(0);
    // The restore test's November slot predates the install: not overdue. December's, once missed, is.
    expect((await summarizeDrills(cp.ctx, first))[0]).toMatchObject({ overdue: false, last: null, dueSince: "2026-11-08T03:00:00.000Z", nextAt: "2026-12-08T03:00:00.000Z" });
    expect((await summarizeDrills(cp.ctx, new Date("2026-12-08T08:59:59Z")))[0]!.overdue).toBe(false);
    expect((await summarizeDrills(cp.ctx, new Date("2026-12-08T09:00:01Z")))[0]!.overdue).toBe(true);
    expect((await runSchedules(cp.ctx, new Date("2026-12-04T01:59:59Z")))[0]).toEqual({ policyId: "postgresql-daily", slot: new Date("2026-12-03T02:00:00Z"), outcome: "already-done" });

    const tick = await runSchedules(cp.ctx, new Date("2026-12-04T02:00:05Z"));
    expect(tick[0]).toEqual({ policyId: "postgresql-daily", slot: new Date("2026-12-04T02:00:00Z"), outcome: "enqueued" });
    const [b] = await listBackups(cp.ctx);
    expect(b).toMatchObject({ component: "postgresql-database", status: "queued", trigger: "scheduler", requestedBy: "schedule postgresql-daily" });
    expect((await runSchedules(cp.ctx, new Date("2026-12-04T02:00:35Z")))[0]!.outcome).toBe("already-done");

    // Down for three days: the latest slot runs once, but the first backup is still active.
    expect((await runSchedules(cp.ctx, new Date("2026-12-07T09:00:00Z")))[0]).toEqual({ policyId: "postgresql-daily", slot: new Date("2026-12-07T02:00:00Z"), outcome: "skipped-active" });
    expect(await cp.db.backup.count()).toBe(1);
    // The monthly restore test's slot (the 8th, 03:00 UTC) finds no verified backup yet.
    expect((await runSchedules(cp.ctx, new Date("2026-12-08T03:00:05Z")))[1]).toEqual({ policyId: "monthly-restore-test", slot: new Date("2026-12-08T03:00:00Z"), outcome: "skipped-no-backup" });
    expect(await cp.db.scheduleRun.count()).toBe(6);
  });

  it("flags a verified backup whose object is gone, and objects no record explains", async () => {
    const b = await requestBackup(cp.ctx, testActor("ui"), { componentId: "audit-logs" });
    const workerId = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    let inv = await reconcileInventory(cp.ctx, await listBackups(cp.ctx));
    expect(inv.rows.map((r) => [r.backup.id, r.backup.status, r.objectState])).toEqual([[b.id, "verified", "present"]]);

    await cp.s3.store.delete(b.key);
    await cp.s3.store.putText("database/osint_audit/20260101T000000Z_stray.dump.gpg", "x", "application/octet-stream");
    inv = await reconcileInventory(cp.ctx, await listBackups(cp.ctx));
    expect(inv.rows.map((r) => r.objectState)).toEqual(["missing"]);
    // A missing object no longer counts: not for RPO, not for restores.
    const missing = await cp.db.backup.findUniqueOrThrow({ where: { id: b.id } });
    expect(missing.missingSince).not.toBeNull();
    const overview = await getOverview(cp.ctx);
    expect(overview.components.find((c) => c.component.id === "audit-logs")).toMatchObject({ newestVerified: null, rpo: { state: "breached" } });
    await expect(requestRestore(cp.ctx, testActor("ui"), { backupId: b.id, target: "scratch" })).rejects.toThrow(
      `Backup ${b.id}'s object has been missing from the bucket since ${missing.missingSince!.toISOString()}; it cannot be restored.`,
    );
    expect((await listAuditEvents(cp.db, { type: "backup.missing" })).map((e) => e.notes)).toEqual([`object ${b.key} is not in the bucket`]);
    expect(inv.unknown.map((o) => [o.key, o.size])).toEqual([["database/osint_audit/20260101T000000Z_stray.dump.gpg", 1]]);
    expect(inv.listingError).toBeNull();

    const down = createContext(cp.db, { ...cp.ctx.settings, s3: { ...cp.ctx.settings.s3, endpoint: "http://127.0.0.1:9" } });
    inv = await reconcileInventory(down, await listBackups(down));
    expect(inv.listingError).toMatch(/^S3 is unreachable \(s3:\/\/osint-dr-backups at http:\/\/127\.0\.0\.1:9\): ECONNREFUSED/);
    expect(inv.rows.map((r) => r.objectState)).toEqual(["not-expected"]);
  });

  it("reports system status: degraded while a data component is breached or the bucket is down", async () => {
    const status = await getSystemStatus(cp.ctx);
    expect(status.status).toBe("degraded");
    expect(status.stateDatabase.status).toBe("ok");
    expect(status.repository).toEqual({ status: "ok", bucket: "osint-dr-backups", endpoint: cp.ctx.settings.s3.endpoint });
    expect(status.components.map((c) => [c.id, c.rpo.state])).toEqual([
      ["frontend-service", "stateless"],
      ["backend-api", "stateless"],
      ["postgresql-database", "breached"],
      ["redis-cache", "stateless"],
      ["mcp-servers", "stateless"],
      ["investigation-data", "breached"],
      ["audit-logs", "breached"],
    ]);

    for (const componentId of ["postgresql-database", "investigation-data", "audit-logs"]) {
      await requestBackup(cp.ctx, testActor("ui"), { componentId });
      const workerId = newWorkerId();
      await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    }
    const ok = await getSystemStatus(cp.ctx);
    expect(ok.status).toBe("ok");
    expect(ok.components.filter((c) => c.rpo.state === "ok").map((c) => c.id)).toEqual(["postgresql-database", "investigation-data", "audit-logs"]);

    const down = createContext(cp.db, { ...cp.ctx.settings, s3: { ...cp.ctx.settings.s3, endpoint: "http://127.0.0.1:9" } });
    const degraded = await getSystemStatus(down);
    expect(degraded.status).toBe("degraded");
    expect(degraded.repository.status).toBe("unavailable");
  });
});
