import { mkdirSync } from "node:fs";
import { appendAuditEvent } from "../audit/append-audit-event";
import { systemActor } from "../auth/actor";
import type { Context } from "../context";
import { readPassphrase } from "../crypto/passphrase";
import { AppError, errorMessage } from "../errors";
import type { Job, Prisma } from "../generated/prisma/client";
import { completeJob, failJob } from "../jobs/queue";
import { dropDatabase } from "../postgres/admin";
import { IntegrityMismatch, performRestore } from "./perform-restore";
import { stagingDatabaseName } from "./restore-names";

// Scratch copies (a restore's, or a failed drill's for inspection) are kept this long,
// then dropped, so that they do not pile up on the restore server.
export const keepFailedScratchDays = 7;

// Runs one claimed restore job through downloading -> restoring -> validating ->
// validated | failed, and records the measured duration (request to validated).
export async function runRestoreJob(ctx: Context, job: Job, signal?: AbortSignal): Promise<void> {
  const restore = await ctx.db.restore.findUniqueOrThrow({ where: { id: job.restoreId! }, include: { backup: true } });
  if (restore.status === "validated" || restore.status === "failed") {
    await completeJob(ctx.db, job.id);
    return;
  }
  const worker = systemActor("worker", job.lockedBy ?? "worker");
  const drill = restore.purpose === "drill";
  const kind = drill ? "drill" : "restore";
  await ctx.db.restore.update({ where: { id: restore.id }, data: { status: "downloading", startedAt: new Date(), attempts: job.attempts, error: null } });
  await appendAuditEvent(ctx.db, worker, { eventType: `${kind}.started`, status: "running", component: restore.componentId, recoveryId: restore.id, notes: `into ${restore.targetDatabase}, requested by ${restore.requestedBy}` });
  const workDir = ctx.settings.workDir;
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  let lastWrite = 0;
  try {
    const result = await performRestore({
      backup: { key: restore.backup.key, manifestKey: restore.backup.manifestKey, sha256: restore.backup.sha256, sizeBytes: Number(restore.backup.sizeBytes) },
      store: ctx.store,
      passphrase: readPassphrase(ctx.settings.passphraseFile),
      serverUrl: restore.target === "original" ? ctx.settings.protectedDatabaseUrl : ctx.settings.restoreServerUrl,
      target: { kind: restore.target, database: restore.targetDatabase, terminateConnections: restore.terminateConnections },
      pgBinDir: ctx.settings.pgBinDir,
      workDir,
      stagingAt: restore.requestedAt,
      signal,
      onPhase: async (status) => {
        await ctx.db.restore.update({ where: { id: restore.id }, data: { status } });
      },
      onProgress: (downloaded) => {
        const t = Date.now();
        if (t - lastWrite < 500) return;
        lastWrite = t;
        void ctx.db.restore.update({ where: { id: restore.id }, data: { bytesDownloaded: downloaded } }).catch(() => {});
      },
    });
    const finishedAt = new Date();
    const durationSeconds = (finishedAt.getTime() - restore.requestedAt.getTime()) / 1000;
    // A passed drill has proved what it had to; its scratch copy goes.
    const dropScratch = drill && restore.target === "scratch";
    if (dropScratch) await dropDatabase(ctx.settings.restoreServerUrl, restore.targetDatabase, { force: true });
    await ctx.db.restore.update({
      where: { id: restore.id },
      data: {
        status: "validated",
        bytesDownloaded: restore.backup.sizeBytes,
        integrity: result.integrity as unknown as Prisma.InputJsonValue,
        finishedAt,
        durationSeconds,
        scratchDroppedAt: dropScratch ? finishedAt : null,
        scratchExpiresAt: restore.target === "scratch" && !dropScratch ? new Date(finishedAt.getTime() + keepFailedScratchDays * 86400_000) : null,
      },
    });
    await completeJob(ctx.db, job.id);
    await appendAuditEvent(ctx.db, worker, {
      eventType: `${kind}.validated`,
      status: "validated",
      component: restore.componentId,
      recoveryId: restore.id,
      durationSeconds,
      dataBytes: result.dataBytes,
      notes: `${result.integrity.checks.length} checks matched in ${restore.targetDatabase}${dropScratch ? " (scratch dropped)" : ""}`,
    });
  } catch (e) {
    const message = signal?.aborted ? "The restore was stopped (the worker shut down); what it had created was removed." : errorMessage(e);
    const finishedAt = new Date();
    const kept = e instanceof IntegrityMismatch && restore.target === "scratch";
    await failJob(ctx.db, job, message, false);
    await ctx.db.restore.update({
      where: { id: restore.id },
      data: {
        status: "failed",
        error: message,
        finishedAt,
        durationSeconds: (finishedAt.getTime() - restore.requestedAt.getTime()) / 1000,
        integrity: e instanceof IntegrityMismatch ? (e.report as unknown as Prisma.InputJsonValue) : undefined,
        scratchExpiresAt: kept ? new Date(finishedAt.getTime() + keepFailedScratchDays * 86400_000) : null,
      },
    });
    await appendAuditEvent(ctx.db, worker, {
      eventType: `${kind}.failed`,
      status: "failed",
      component: restore.componentId,
      recoveryId: restore.id,
      notes: kept ? `${message} The scratch database ${restore.targetDatabase} is kept for ${keepFailedScratchDays} days.` : message,
    });
    if (!(e instanceof AppError)) console.error(e);
  }
}

// Drops kept scratch copies whose time is up.
export async function dropExpiredScratch(ctx: Context, now = new Date()): Promise<number> {
  const due = await ctx.db.restore.findMany({ where: { scratchExpiresAt: { lte: now }, scratchDroppedAt: null } });
  for (const r of due) {
    await dropDatabase(ctx.settings.restoreServerUrl, r.targetDatabase, { force: true });
    await ctx.db.restore.update({ where: { id: r.id }, data: { scratchDroppedAt: now } });
    await appendAuditEvent(ctx.db, systemActor("worker", "maintenance"), { eventType: "restore.scratch_dropped", status: "ok", component: r.componentId, recoveryId: r.id, notes: `${r.targetDatabase} expired` });
  }
  return due.length;
}

// A restore whose worker died: remove the database it was building (a scratch target
// once restoring began, or an original's staging copy), fail it and say so.
export async function abandonRestore(ctx: Context, job: Job, reason: string): Promise<void> {
  const restore = await ctx.db.restore.findUniqueOrThrow({ where: { id: job.restoreId! } });
  const building = restore.target === "scratch" ? (["restoring", "validating"].includes(restore.status) ? restore.targetDatabase : null) : stagingDatabaseName(restore.targetDatabase, restore.requestedAt);
  let removed = "";
  if (building) {
    const server = restore.target === "original" ? ctx.settings.protectedDatabaseUrl : ctx.settings.restoreServerUrl;
    await dropDatabase(server, building, { force: true }).then(
      () => (removed = ` The partly restored database ${building} was removed.`),
      (e: unknown) => (removed = ` The partly restored database ${building} could not be removed (${errorMessage(e)}); drop it by hand.`),
    );
  }
  const finishedAt = new Date();
  const message = `${reason}${removed}${restore.target === "original" ? ` The original database ${restore.targetDatabase} was not replaced.` : ""}`;
  await ctx.db.job.update({ where: { id: job.id }, data: { status: "failed", finishedAt, lastError: message } });
  await ctx.db.restore.update({
    where: { id: restore.id },
    data: { status: "failed", finishedAt, durationSeconds: (finishedAt.getTime() - restore.requestedAt.getTime()) / 1000, error: message, scratchDroppedAt: building && restore.target === "scratch" ? finishedAt : null },
  });
  await appendAuditEvent(ctx.db, systemActor("worker", job.lockedBy ?? "worker"), {
    eventType: `${restore.purpose === "drill" ? "drill" : "restore"}.failed`,
    status: "failed",
    component: restore.componentId,
    recoveryId: restore.id,
    notes: message,
  });
}
