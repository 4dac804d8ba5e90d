import { appendAuditEvent } from "../audit/append-audit-event";
import { systemActor } from "../auth/actor";
import { requestDrill } from "../restore/drills";
import { requestBackup } from "../backup/request-backup";
import type { Context } from "../context";
import { AppError } from "../errors";
import { latestSlot } from "./slots";

export type ScheduleTick = { policyId: string; slot: Date; outcome: "baseline" | "enqueued" | "skipped-active" | "skipped-no-backup" | "already-done" }[];

// Enqueues each policy's latest slot once. The first time a policy is seen only its
// current slot is recorded (a fresh install does not start a backup at once); after a
// downtime, the missed slot runs once, not once per missed day.
export async function runSchedules(ctx: Context, now = new Date()): Promise<ScheduleTick> {
  const out: ScheduleTick = [];
  const schedules = [
    ...ctx.settings.plan.backupPolicies.map((p) => ({ id: p.id, schedule: p.schedule, timeZone: p.timeZone, run: async () => ({ backupId: (await requestBackup(ctx, systemActor("scheduler", `schedule ${p.id}`), { componentId: p.component })).id }) })),
    ...ctx.settings.plan.tests.map((t) => ({ id: t.id, schedule: t.schedule, timeZone: t.timeZone, run: async () => ({ restoreId: (await requestDrill(ctx, systemActor("scheduler", `test ${t.id}`), { componentId: t.component, testId: t.id })).id }) })),
  ];
  for (const policy of schedules) {
    const slot = latestSlot(policy.schedule, policy.timeZone, now);
    const last = await ctx.db.scheduleRun.findFirst({ where: { policyId: policy.id }, orderBy: { scheduledFor: "desc" } });
    if (last && last.scheduledFor.getTime() >= slot.getTime()) {
      out.push({ policyId: policy.id, slot, outcome: "already-done" });
      continue;
    }
    const claimed = await ctx.db.scheduleRun.createMany({ data: [{ policyId: policy.id, scheduledFor: slot }], skipDuplicates: true });
    if (claimed.count === 0) {
      out.push({ policyId: policy.id, slot, outcome: "already-done" });
      continue;
    }
    if (!last) {
      out.push({ policyId: policy.id, slot, outcome: "baseline" });
      continue;
    }
    try {
      const started = await policy.run();
      await ctx.db.scheduleRun.update({ where: { policyId_scheduledFor: { policyId: policy.id, scheduledFor: slot } }, data: started });
      out.push({ policyId: policy.id, slot, outcome: "enqueued" });
    } catch (e) {
      if (e instanceof AppError && e.code === "conflict") out.push({ policyId: policy.id, slot, outcome: "skipped-active" });
      else if (e instanceof AppError && e.code === "validation") {
        // A drill with nothing to restore: recorded, and the Drills page shows it overdue.
        await appendAuditEvent(ctx.db, systemActor("scheduler", `test ${policy.id}`), { eventType: "drill.skipped", status: "failed", notes: e.message });
        out.push({ policyId: policy.id, slot, outcome: "skipped-no-backup" });
      } else throw e;
    }
  }
  return out;
}
