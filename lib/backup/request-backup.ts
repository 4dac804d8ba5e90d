import { randomUUID } from "node:crypto";
import type { Context } from "../context";
import { AppError } from "../errors";
import type { Backup, TriggerSource } from "../generated/prisma/client";
import { newJob } from "../jobs/queue";
import { isBackupKind } from "../plan/plan-schema";
import { backupObjectKey, manifestKeyFor } from "../storage/object-keys";

export type RequestBackupOptions = { componentId: string; trigger: TriggerSource; requestedBy: string; now?: Date };

// Records a queued backup and its job in one transaction and returns at once; a worker
// does the work. The database's partial unique index refuses a second active backup.
export async function requestBackup(ctx: Context, o: RequestBackupOptions): Promise<Backup> {
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
          trigger: o.trigger,
          requestedBy: o.requestedBy,
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
    return backup;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002" || /backups_one_active_per_component/.test(String(e))) {
      const active = await ctx.db.backup.findFirst({ where: { componentId: component.id, status: { in: ["queued", "running"] } } });
      throw new AppError(
        "conflict",
        `A backup of ${component.name} is already ${active?.status ?? "in progress"}${active ? ` (${active.id})` : ""}; wait for it to finish.`,
      );
    }
    throw e;
  }
}
