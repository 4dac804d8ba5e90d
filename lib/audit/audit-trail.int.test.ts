import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../auth/actor";
import { actorFromBearer, createApiToken, hashToken, revokeApiToken } from "../auth/api-tokens";
import { authorize } from "../auth/authorize";
import { hashPassword } from "../auth/passwords";
import { signInWithPassword } from "../auth/sign-in-with-password";
import { requestBackup } from "../backup/request-backup";
import { claimNext } from "../jobs/queue";
import { newWorkerId, runClaimedJob } from "../jobs/worker";
import { adminQuery, createTestDatabase, startTestControlPlane, type TestControlPlane, type TestDatabase, addPlanCheckColumns } from "../testing/test-services";
import { changeRole, createUser } from "../users/manage-users";
import { listAuditEvents, toCsv } from "./list-audit-events";
import { verifyAuditChain } from "./verify-audit-chain";

const noWait = async () => {};

describe("audit trail, tokens and sign-in", () => {
  let source: TestDatabase;
  let cp: TestControlPlane;
  const coordinator: Actor = { operator: "coord@dr.local", role: "coordinator", source: "ui" };

  beforeAll(async () => {
    source = await createTestDatabase("drcp_audit_src");
    await adminQuery(
      `CREATE SCHEMA audit; CREATE TABLE audit.events (id serial PRIMARY KEY); CREATE TABLE audit.compliance_assessments (id serial PRIMARY KEY);
       INSERT INTO audit.events SELECT FROM generate_series(1, 25);`,
      source.name,
    );
    await addPlanCheckColumns(source.name);
    cp = await startTestControlPlane({ protectedUrl: source.url });
    await cp.db.user.create({ data: { id: "00000000-0000-4000-8000-000000000001", email: "coord@dr.local", name: "C", role: "coordinator", passwordHash: await hashPassword("correct horse battery") } });
  });
  afterAll(async () => {
    await cp?.close();
    await source?.drop();
  });

  it("records a realistic sequence as a chain that verifies", async () => {
    const address = "192.0.2.10";
    expect((await signInWithPassword(cp.db, { email: "coord@dr.local", password: "wrong", address, wait: noWait })).ok).toBe(false);
    expect((await signInWithPassword(cp.db, { email: "COORD@dr.local ", password: "correct horse battery", address, wait: noWait })).ok).toBe(true);
    const { user } = await createUser(cp.db, coordinator, { email: "Eve@Example.com", name: "Eve", role: "viewer" });
    const viewer: Actor = { operator: user.email, role: "viewer", source: "ui" };
    await expect(authorize(cp.db, viewer, "backup.create", { component: "audit-logs" })).rejects.toThrow("Your role (viewer) may not do this (backup.create).");
    await changeRole(cp.db, coordinator, user.id, "engineer");
    const { token, view } = await createApiToken(cp.db, coordinator, { userEmail: "eve@example.com", name: "cron" });
    const api = await actorFromBearer(cp.db, `Bearer ${token}`);
    expect(api).toMatchObject({ operator: "eve@example.com", role: "engineer", source: "api" });
    await requestBackup(cp.ctx, api!, { componentId: "audit-logs" });
    const workerId = newWorkerId();
    await runClaimedJob(cp.ctx, (await claimNext(cp.db, workerId, ["backup"]))!, workerId, new AbortController().signal);
    await revokeApiToken(cp.db, coordinator, view.id);

    const events = (await listAuditEvents(cp.db, {})).reverse();
    expect(events.map((e) => [e.eventType, e.status, e.operator, e.actorRole, e.source])).toEqual([
      ["auth.sign_in_failed", "failed", "coord@dr.local", "anonymous", "ui"],
      ["auth.sign_in", "ok", "coord@dr.local", "coordinator", "ui"],
      ["user.created", "ok", "coord@dr.local", "coordinator", "ui"],
      ["access.denied", "denied", "eve@example.com", "viewer", "ui"],
      ["user.role_changed", "ok", "coord@dr.local", "coordinator", "ui"],
      ["token.created", "ok", "coord@dr.local", "coordinator", "ui"],
      ["backup.requested", "queued", "eve@example.com", "engineer", "api"],
      ["backup.started", "running", workerId, "system", "worker"],
      ["backup.verified", "verified", workerId, "system", "worker"],
      ["token.revoked", "ok", "coord@dr.local", "coordinator", "ui"],
    ]);
    const verified = events.find((e) => e.eventType === "backup.verified")!;
    expect(verified.component).toBe("audit-logs");
    expect(verified.dataRecoveredGb).toBe("0.00");
    expect(verified.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(events.find((e) => e.eventType === "access.denied")!.notes).toBe("viewer may not backup.create");
    expect(await verifyAuditChain(cp.db)).toEqual({ ok: true, events: 10 });

    const csv = toCsv(await listAuditEvents(cp.db, { type: "token." }));
    expect(csv.split("\r\n")[0]).toBe("id,event_type,event_timestamp,recovery_id,component,status,duration_seconds,data_recovered_gb,operator,actor_role,source,notes,details,hash");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(3);
  });

  it("refuses UPDATE, DELETE and TRUNCATE through the application's connection", async () => {
    const first = await cp.db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    await expect(cp.db.auditEvent.update({ where: { id: first.id }, data: { notes: "nothing happened" } })).rejects.toThrow(/audit_events is append-only: UPDATE is not allowed/);
    await expect(cp.db.auditEvent.delete({ where: { id: first.id } })).rejects.toThrow(/audit_events is append-only: DELETE is not allowed/);
    await expect(cp.db.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/audit_events is append-only: TRUNCATE is not allowed/);
    expect(await verifyAuditChain(cp.db)).toEqual({ ok: true, events: 10 });
  });

  it("names the first changed event when a superuser edits one around the trigger", async () => {
    const rows = await cp.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    const target = rows[3]!;
    await adminQuery(`SET session_replication_role = replica; UPDATE audit_events SET operator = 'someone-else' WHERE id = ${target.id}; SET session_replication_role = origin;`, cp.stateDb.name);
    expect(await verifyAuditChain(cp.db)).toEqual({
      ok: false,
      events: 3,
      firstBrokenId: target.id.toString(),
      reason: `event ${target.id} was changed after it was written (its hash does not match its contents)`,
    });
  });

  it("names the event after a deleted one", async () => {
    const rows = await cp.db.auditEvent.findMany({ orderBy: { id: "asc" } });
    await adminQuery(`SET session_replication_role = replica; UPDATE audit_events SET operator = '${rows[3]!.operator === "someone-else" ? "eve@example.com" : rows[3]!.operator}' WHERE id = ${rows[3]!.id}; DELETE FROM audit_events WHERE id = ${rows[6]!.id};`, cp.stateDb.name);
    expect(await verifyAuditChain(cp.db)).toEqual({
      ok: false,
      events: 6,
      firstBrokenId: rows[7]!.id.toString(),
      reason: `event ${rows[7]!.id} does not link to the event before it (an event was removed, inserted or reordered)`,
    });
  });

  it("rejects malformed, unknown and revoked tokens and never stores the raw token", async () => {
    const { token, view } = await createApiToken(cp.db, coordinator, { userEmail: "coord@dr.local" });
    expect(token).toMatch(/^drcp_[A-Za-z0-9_-]{43}$/);
    for (const header of [null, "", "Bearer", "Basic abc", `Bearer ${token.slice(0, -1)}`, `Bearer ${token}x`, `Bearer drcp_${"A".repeat(43)}`, `Token ${token}`]) {
      expect(await actorFromBearer(cp.db, header), String(header)).toBeNull();
    }
    expect(await actorFromBearer(cp.db, `Bearer ${token}`)).toMatchObject({ operator: "coord@dr.local", role: "coordinator" });
    await revokeApiToken(cp.db, coordinator, view.id);
    expect(await actorFromBearer(cp.db, `Bearer ${token}`)).toBeNull();
    const dump = await adminQuery(
      `SELECT string_agg(t::text, ' ') AS all FROM (SELECT row_to_json(a)::text AS t FROM api_tokens a UNION ALL SELECT row_to_json(e)::text FROM audit_events e UNION ALL SELECT row_to_json(u)::text FROM users u) t`,
      cp.stateDb.name,
    );
    expect(dump.rows[0].all).not.toContain(token);
    expect(dump.rows[0].all).not.toContain(token.slice(10));
    expect(dump.rows[0].all).toContain(hashToken(token));
  });

  it("slows, then locks out an address that keeps guessing, and audits the refusal", async () => {
    const address = "198.51.100.7";
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    for (let i = 0; i < 10; i++) {
      const r = await signInWithPassword(cp.db, { email: `nobody${i}@dr.local`, password: "x", address, wait });
      expect(r).toEqual({ ok: false, message: "Wrong email or password." });
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    const refused = await signInWithPassword(cp.db, { email: "coord@dr.local", password: "correct horse battery", address, wait });
    expect(refused).toEqual({ ok: false, message: "Too many failed sign-ins. Try again in 15 minutes." });
    // Another address can still sign in to the same account.
    expect((await signInWithPassword(cp.db, { email: "coord@dr.local", password: "correct horse battery", address: "203.0.113.1", wait })).ok).toBe(true);
    const last = (await listAuditEvents(cp.db, { type: "auth." }, { limit: 2 })).map((e) => [e.eventType, e.status, e.notes]);
    expect(last).toEqual([
      ["auth.sign_in", "ok", null],
      ["auth.sign_in_refused", "refused", "too many failed sign-ins"],
    ]);
  });

  it("does not let a disabled user sign in or use a token", async () => {
    const { user, password } = await createUser(cp.db, coordinator, { email: "gone@dr.local", name: "Gone", role: "engineer" });
    const { token } = await createApiToken(cp.db, coordinator, { userEmail: "gone@dr.local" });
    await cp.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await signInWithPassword(cp.db, { email: "gone@dr.local", password, address: "192.0.2.99", wait: noWait })).toEqual({ ok: false, message: "This account is disabled. Ask a coordinator to enable it." });
    expect(await actorFromBearer(cp.db, `Bearer ${token}`)).toBeNull();
  });

  it("keeps one enabled coordinator", async () => {
    const only = await cp.db.user.findFirstOrThrow({ where: { email: "coord@dr.local" } });
    await expect(changeRole(cp.db, systemActor("cli", "cli:root"), only.id, "viewer")).rejects.toThrow("This is the last enabled coordinator; make someone else coordinator first.");
  });
});
