import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { Actor } from "../auth/actor";
import type { Context } from "../context";
import { AppError } from "../errors";
import type { Restore, TriggerSource } from "../generated/prisma/client";
import { newJob } from "../jobs/queue";
import { scratchDatabaseName } from "./restore-names";

export type RequestRestoreOptions = {
  backupId: string;
  target: "scratch" | "original";
  /** For an original target: the database name, typed by the person to confirm. */
  confirm?: string;
  terminateConnections?: boolean;
  purpose?: "restore" | "drill";
  testId?: string;
  now?: Date;
};

const triggers: Record<Actor["source"], TriggerSource> = { ui: "ui", api: "api", cli: "cli", scheduler: "scheduler", worker: "scheduler", system: "cli" };

// Queues a restore of a verified backup. The caller has authorised `actor` for the
// target (restore.scratch or restore.original).
export async function requestRestore(ctx: Context, actor: Actor, o: RequestRestoreOptions): Promise<Restore> {
  const backup = /^[0-9a-f-]{36}$/i.test(o.backupId) ? await ctx.db.backup.findUnique({ where: { id: o.backupId } }) : null;
  if (!backup) throw new AppError("not_found", `No backup with id "${o.backupId}".`);
  if (backup.status !== "verified") throw new AppError("validation", `Backup ${backup.id} is ${backup.status}; only verified backups can be restored.`);
  if (backup.missingSince) throw new AppError("validation", `Backup ${backup.id}'s object has been missing from the bucket since ${backup.missingSince.toISOString()}; it cannot be restored.`);
  const now = o.now ?? new Date();
  let targetDatabase = scratchDatabaseName(backup.database, now);
  if (o.target === "original") {
    if (o.confirm !== backup.database) {
      throw new AppError("validation", `Confirm with the database name "${backup.database}" (typed in the form, "confirm" in the API, --confirm on the command line) that it will be replaced by this backup.`);
    }
    targetDatabase = backup.database;
  }
  const id = randomUUID();
  try {
    const [restore] = await ctx.db.$transaction([
      ctx.db.restore.create({
        data: {
          id,
          backupId: backup.id,
          componentId: backup.componentId,
          purpose: o.purpose ?? "restore",
          testId: o.testId,
          target: o.target,
          targetDatabase,
          terminateConnections: o.target === "original" && (o.terminateConnections ?? false),
          trigger: triggers[actor.source],
          requestedBy: actor.operator,
          bytesTotal: backup.sizeBytes,
          requestedAt: now,
        },
      }),
      ctx.db.job.create({ data: newJob("restore", { restoreId: id, maxAttempts: 1 }) }),
    ]);
    await appendAuditEvent(ctx.db, actor, {
      eventType: o.purpose === "drill" ? "drill.requested" : "restore.requested",
      status: "queued",
      component: backup.componentId,
      recoveryId: id,
      notes: `backup ${backup.id} into ${o.target === "original" ? `the original database ${targetDatabase}` : `scratch database ${targetDatabase}`}`,
      details: { backupId: backup.id, target: o.target, database: targetDatabase },
    });
    return restore;
  } catch (e) {
    if (/restores_one_active_per_target/.test(String(e)) || (e as { code?: string }).code === "P2002") {
      throw new AppError("conflict", `A restore into ${targetDatabase} is already in progress; wait for it to finish.`);
    }
    throw e;
  }
}
