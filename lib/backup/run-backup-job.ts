import { appendAuditEvent } from "../audit/append-audit-event";
import { systemActor } from "../auth/actor";
import type { Context } from "../context";
import { readPassphrase } from "../crypto/passphrase";
import { AppError, errorMessage } from "../errors";
import type { Job, Prisma } from "../generated/prisma/client";
import { failJob, completeJob } from "../jobs/queue";
import { splitQualified } from "../postgres/identifiers";
import { databaseUrlFor } from "../settings";
import { performBackup, removeArtifacts } from "./perform-backup";

const progressEveryMs = 500;

// Runs one claimed backup job: queued -> running -> verified | failed (or back to queued
// for a retry). Leftovers of an earlier attempt are removed first, so a retried backup
// never shares its key with a partial object or an open multipart upload.
export async function runBackupJob(ctx: Context, job: Job, signal?: AbortSignal): Promise<void> {
  const backup = await ctx.db.backup.findUniqueOrThrow({ where: { id: job.backupId! } });
  if (backup.status === "verified" || backup.status === "failed") {
    await completeJob(ctx.db, job.id);
    return;
  }
  const component = ctx.settings.plan.components.find((c) => c.id === backup.componentId);
  await removeArtifacts(ctx.store, backup.key, backup.manifestKey);
  await ctx.db.backup.update({
    where: { id: backup.id },
    data: { status: "running", startedAt: new Date(), finishedAt: null, error: null, attempts: job.attempts, dumpBytes: 0, sizeBytes: 0, sha256: null },
  });
  const worker = systemActor("worker", job.lockedBy ?? "worker");
  await appendAuditEvent(ctx.db, worker, { eventType: "backup.started", status: "running", component: backup.componentId, notes: `attempt ${job.attempts} of ${job.maxAttempts}, requested by ${backup.requestedBy}`, details: { backupId: backup.id } });
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  try {
    if (!component) throw new AppError("validation", `Component "${backup.componentId}" is no longer in the plan.`);
    const result = await performBackup({
      backupId: backup.id,
      component: { id: component.id, kind: component.kind },
      url: databaseUrlFor(ctx.settings.protectedDatabaseUrl, backup.database),
      database: backup.database,
      tables: component.kind === "table-set" ? component.tables!.map(splitQualified) : undefined,
      integrityChecks: component.integrityChecks,
      store: ctx.store,
      key: backup.key,
      manifestKey: backup.manifestKey,
      passphrase: readPassphrase(ctx.settings.passphraseFile),
      pgBinDir: ctx.settings.pgBinDir,
      signal,
      onProgress: (p) => {
        const t = Date.now();
        if (t - lastWrite < progressEveryMs) return;
        lastWrite = t;
        pending = ctx.db.backup
          .updateMany({ where: { id: backup.id, status: "running" }, data: { dumpBytes: p.dumpBytes, sizeBytes: p.storedBytes } })
          .catch(() => {});
      },
    });
    await pending;
    await ctx.db.backup.update({
      where: { id: backup.id },
      data: {
        status: "verified",
        sizeBytes: result.sizeBytes,
        dumpBytes: result.dumpBytes,
        sha256: result.sha256,
        manifest: result.manifest as unknown as Prisma.InputJsonValue,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
      },
    });
    await completeJob(ctx.db, job.id);
    await appendAuditEvent(ctx.db, worker, {
      eventType: "backup.verified",
      status: "verified",
      component: backup.componentId,
      durationSeconds: (result.finishedAt.getTime() - result.startedAt.getTime()) / 1000,
      dataBytes: result.sizeBytes,
      notes: `${result.manifest.tables.length} tables, ${result.manifest.tables.reduce((n, t) => n + t.rows, 0)} rows, sha256 ${result.sha256}`,
      details: { backupId: backup.id, key: backup.key, sha256: result.sha256, sizeBytes: result.sizeBytes },
    });
  } catch (e) {
    await pending;
    // Taken back as stale while we ran: the new owner decides, not us.
    const current = await ctx.db.job.findUnique({ where: { id: job.id } });
    if (current?.lockedBy !== job.lockedBy) return;
    // Stopped by a shutdown: the backup itself was fine, so it goes back in the queue.
    const transient = signal?.aborted === true || (e instanceof AppError && e.transient);
    const message = signal?.aborted ? "The worker was stopped while this backup ran." : errorMessage(e);
    await recordFailure(ctx, job, backup.id, message, transient);
  }
}

// Shared by a failed run and by a job taken back from a dead worker.
export async function recordFailure(ctx: Context, job: Job, backupId: string, message: string, transient: boolean): Promise<void> {
  const outcome = await failJob(ctx.db, job, message, transient);
  const backup = await ctx.db.backup.findUniqueOrThrow({ where: { id: backupId } });
  await removeArtifacts(ctx.store, backup.key, backup.manifestKey);
  await appendAuditEvent(ctx.db, systemActor("worker", job.lockedBy ?? "worker"), {
    eventType: outcome.retry ? "backup.retry_scheduled" : "backup.failed",
    status: outcome.retry ? "queued" : "failed",
    component: backup.componentId,
    notes: message,
    details: { backupId, attempt: job.attempts, ...(outcome.runAt ? { retryAt: outcome.runAt.toISOString() } : {}) },
  });
  if (outcome.retry) {
    await ctx.db.backup.update({
      where: { id: backupId },
      data: { status: "queued", error: `Attempt ${job.attempts} of ${job.maxAttempts} failed: ${message} Retrying at ${outcome.runAt!.toISOString()}.`, finishedAt: null },
    });
    return;
  }
  await ctx.db.backup.update({
    where: { id: backupId },
    data: { status: "failed", error: job.attempts > 1 ? `${message} (after ${job.attempts} attempts)` : message, finishedAt: new Date() },
  });
}
