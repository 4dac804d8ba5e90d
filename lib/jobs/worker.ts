import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { reconcileBucket } from "../backup/reconcile-inventory";
import { recordFailure, runBackupJob } from "../backup/run-backup-job";
import { abandonRestore, dropExpiredScratch, runRestoreJob } from "../restore/run-restore-job";
import type { Context } from "../context";
import { errorMessage } from "../errors";
import type { Job } from "../generated/prisma/client";
import { runSchedules } from "../schedule/run-schedules";
import { claimNext, findStale, heartbeat, heartbeatSeconds, type JobKind } from "./queue";

export type WorkerOptions = { concurrency: number; pollMs?: number; log?: (line: string) => void };

export type Worker = { id: string; stop(): Promise<void>; done: Promise<void> };

const handlers: Record<JobKind, (ctx: Context, job: Job, signal: AbortSignal) => Promise<void>> = {
  backup: runBackupJob,
  restore: runRestoreJob,
};

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

// Runs one claimed job with a heartbeat; a lost lock (taken back as stale) aborts it.
export async function runClaimedJob(ctx: Context, job: Job, workerId: string, signal: AbortSignal): Promise<void> {
  const abort = new AbortController();
  const onStop = () => abort.abort();
  signal.addEventListener("abort", onStop);
  const beat = setInterval(() => {
    heartbeat(ctx.db, job.id, workerId).then((ok) => ok || abort.abort(), () => {});
  }, heartbeatSeconds * 1000);
  try {
    await handlers[job.kind as JobKind](ctx, job, abort.signal);
  } finally {
    clearInterval(beat);
    signal.removeEventListener("abort", onStop);
  }
}

// Jobs whose worker died: failed or requeued like any other failure, with leftovers removed.
export async function reclaimStale(ctx: Context): Promise<number> {
  const stale = await findStale(ctx.db);
  for (const job of stale) {
    const taken = await ctx.db.job.updateMany({ where: { id: job.id, status: "running", lockedBy: job.lockedBy }, data: { lockedBy: null } });
    if (taken.count === 0) continue;
    if (job.restoreId) {
      // A restore is not retried blindly: a person decides with the reason in hand.
      await abandonRestore(ctx, job, `The worker running this restore (${job.lockedBy}) stopped responding.`);
      continue;
    }
    if (!job.backupId) continue;
    await recordFailure(ctx, job, job.backupId, `The worker running this backup (${job.lockedBy}) stopped responding.`, true);
  }
  return stale.length;
}

export function startWorker(ctx: Context, o: WorkerOptions): Worker {
  const id = newWorkerId();
  const log = o.log ?? ((l: string) => console.log(`[worker] ${l}`));
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const pollMs = o.pollMs ?? 1000;
  let lastMaintenance = 0;
  let lastReconcile = 0;

  const loop = async () => {
    while (!stopping.signal.aborted) {
      try {
        if (Date.now() - lastMaintenance > 10_000) {
          lastMaintenance = Date.now();
          const reclaimed = await reclaimStale(ctx);
          if (reclaimed) log(`took back ${reclaimed} job(s) from stopped workers`);
          if (Date.now() - lastReconcile > 60_000) {
            lastReconcile = Date.now();
            await reconcileBucket(ctx).catch((e) => log(`bucket check failed: ${errorMessage(e)}`));
          }
          const dropped = await dropExpiredScratch(ctx);
          if (dropped) log(`dropped ${dropped} expired scratch database(s)`);
          for (const t of await runSchedules(ctx)) if (t.outcome === "enqueued" || t.outcome === "skipped-active") log(`schedule ${t.policyId} ${t.slot.toISOString()}: ${t.outcome}`);
        }
        while (running.size < o.concurrency && !stopping.signal.aborted) {
          const job = await claimNext(ctx.db, id, ["backup", "restore"]);
          if (!job) break;
          log(`running ${job.kind} job ${job.id} (attempt ${job.attempts})`);
          const p = runClaimedJob(ctx, job, id, stopping.signal)
            .catch((e) => log(`job ${job.id} crashed: ${errorMessage(e)}`))
            .finally(() => running.delete(p));
          running.add(p);
        }
      } catch (e) {
        log(`loop error: ${errorMessage(e)}`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
    await Promise.allSettled(running);
  };
  const done = loop();
  return {
    id,
    done,
    async stop() {
      stopping.abort();
      await done;
    },
  };
}
