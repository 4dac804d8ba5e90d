import { randomUUID } from "node:crypto";
import type { Db } from "../db";
import type { Job } from "../generated/prisma/client";

// A durable job queue in the state database. Workers claim with SKIP LOCKED, keep a
// heartbeat while they run, and a job whose worker stopped beating is taken back.

export type JobKind = "backup" | "restore";

export const heartbeatSeconds = 5;
export const staleAfterSeconds = 30;

// Backoff between attempts: 15 s, 60 s, 4 min, ...
export function retryDelaySeconds(attempt: number): number {
  return 15 * 4 ** Math.max(0, attempt - 1);
}

export function newJob(kind: JobKind, o: { backupId?: string; restoreId?: string; maxAttempts?: number }) {
  return { id: randomUUID(), kind, backupId: o.backupId ?? null, restoreId: o.restoreId ?? null, maxAttempts: o.maxAttempts ?? 3 };
}

export async function claimNext(db: Db, workerId: string, kinds: JobKind[]): Promise<Job | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE jobs SET status = 'running', locked_by = ${workerId}, heartbeat_at = now(), attempts = attempts + 1
    WHERE id = (
      SELECT id FROM jobs WHERE status = 'queued' AND run_at <= now() AND kind = ANY(${kinds})
      ORDER BY run_at, created_at FOR UPDATE SKIP LOCKED LIMIT 1
    ) RETURNING id`;
  return rows[0] ? ((await db.job.findUnique({ where: { id: rows[0].id } })) ?? undefined) : undefined;
}

// The CLI runs its own job when no worker has taken it yet.
export async function claimById(db: Db, jobId: string, workerId: string): Promise<Job | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE jobs SET status = 'running', locked_by = ${workerId}, heartbeat_at = now(), attempts = attempts + 1
    WHERE id = (SELECT id FROM jobs WHERE id = ${jobId} AND status = 'queued' AND run_at <= now() FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows[0] ? ((await db.job.findUnique({ where: { id: rows[0].id } })) ?? undefined) : undefined;
}

export async function heartbeat(db: Db, jobId: string, workerId: string): Promise<boolean> {
  const r = await db.job.updateMany({ where: { id: jobId, lockedBy: workerId, status: "running" }, data: { heartbeatAt: new Date() } });
  return r.count === 1;
}

export async function completeJob(db: Db, jobId: string): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "succeeded", lockedBy: null, finishedAt: new Date(), lastError: null } });
}

export type FailureOutcome = { retry: boolean; runAt?: Date };

// Requeues with backoff while attempts remain and the error may pass; fails otherwise.
export async function failJob(db: Db, job: Pick<Job, "id" | "attempts" | "maxAttempts">, error: string, transient: boolean): Promise<FailureOutcome> {
  if (transient && job.attempts < job.maxAttempts) {
    const runAt = new Date(Date.now() + retryDelaySeconds(job.attempts) * 1000);
    await db.job.update({ where: { id: job.id }, data: { status: "queued", lockedBy: null, heartbeatAt: null, runAt, lastError: error } });
    return { retry: true, runAt };
  }
  await db.job.update({ where: { id: job.id }, data: { status: "failed", lockedBy: null, finishedAt: new Date(), lastError: error } });
  return { retry: false };
}

// Running jobs whose worker stopped beating (killed, machine lost).
export async function findStale(db: Db, now = new Date()): Promise<Job[]> {
  return db.job.findMany({ where: { status: "running", heartbeatAt: { lt: new Date(now.getTime() - staleAfterSeconds * 1000) } } });
}
