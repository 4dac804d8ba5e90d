import { randomUUID } from "node:crypto";
import type { Context } from "../context";
import { AppError } from "../errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { Actor } from "../auth/actor";
import type { Backup, TriggerSource } from "../generated/prisma/client";
import { newJob } from "../jobs/queue";
import { isBackupKind } from "../plan/plan-schema";
import { backupObjectKey, manifestKeyFor } from "../storage/object-keys";

export type RequestBackupOptions = { componentId: string; now?: Date };

const triggers: Record<Actor["source"], TriggerSource> = { ui: "ui", api: "api", cli: "cli", scheduler: "scheduler", worker: "scheduler", system: "cli" };

// Records a queued backup and its job in one transaction and returns at once; a worker
// does the work. The database's partial unique index refuses a second active backup.
// The caller has already authorised `actor`.
export async function requestBackup(ctx: Context, actor: Actor, o: RequestBackupOptions): Promise<Backup> {
  const { plan } = ctx.settings;
  const component = plan.components.find((c) => c.id === o.componentId);
  if (!component) {
    throw new AppError("not_found", `No component "${o.componentId}" in the plan; known: ${plan.components.map((c) => c.id).join(", ")}.`);
  }
  if (!isBackupKind(component.kind)) {
    throw new AppError("validation", `${component.name} is a ${component.kind} component with no data to back up.`);
  }
  const policy = plan.backupPolicies.find((p) => p.component === component.id);
  const repository = plan.repositories.find((r) => r.id === policy?.repository) ?? plan.repositories[0]!;
  const id = randomUUID();
  const key = backupObjectKey({ prefix: repository.prefix, database: component.database!, backupId: id, at: o.now ?? new Date() });
  try {
    const [backup] = await ctx.db.$transaction([
      ctx.db.backup.create({
        data: {
          id,
          componentId: component.id,
          database: component.database!,
          trigger: triggers[actor.source],
          requestedBy: actor.operator,
          repository: repository.id,
          endpoint: ctx.store.endpoint,
          bucket: ctx.store.bucket,
          key,
          manifestKey: manifestKeyFor(key),
          requestedAt: o.now,
        },
      }),
      ctx.db.job.create({ data: newJob("backup", { backupId: id }) }),
    ]);
    await appendAuditEvent(ctx.db, actor, { eventType: "backup.requested", status: "queued", component: component.id, details: { backupId: id, key } });
    return backup;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002" || /backups_one_active_per_component/.test(String(e))) {
      const active = await ctx.db.backup.findFirst({ where: { componentId: component.id, status: { in: ["queued", "running"] } } });
      await appendAuditEvent(ctx.db, actor, { eventType: "backup.requested", status: "refused", component: component.id, notes: `already ${active?.status ?? "in progress"}`, details: active ? { activeBackupId: active.id } : null });
      throw new AppError(
        "conflict",
        `A backup of ${component.name} is already ${active?.status ?? "in progress"}${active ? ` (${active.id})` : ""}; wait for it to finish.`,
      );
    }
    throw e;
  }
}
