import { appendAuditEvent } from "../audit/append-audit-event";
import { systemActor } from "../auth/actor";
import type { Context } from "../context";
import { errorMessage } from "../errors";
import type { BackupView } from "./backup-view";

export type InventoryRow = { kind: "recorded"; backup: BackupView; objectState: "present" | "missing" | "not-expected" };
export type UnknownObject = { key: string; size: number; lastModified: string | null };
export type Inventory = { rows: InventoryRow[]; unknown: UnknownObject[]; listingError: string | null };

// Joins the records with what the bucket really holds: a verified backup whose object
// is gone is missing (it cannot be restored); an object no record explains is unknown.
export async function reconcileInventory(ctx: Context, backups: BackupView[]): Promise<Inventory> {
  const prefixes = [...new Set(ctx.settings.plan.repositories.map((r) => r.prefix))];
  let objects;
  try {
    objects = (await Promise.all(prefixes.map((p) => ctx.store.list(`${p}database/`)))).flat();
  } catch (e) {
    return {
      rows: backups.map((backup) => ({ kind: "recorded", backup, objectState: "not-expected" })),
      unknown: [],
      listingError: errorMessage(e),
    };
  }
  const present = new Set(objects.map((o) => o.key));
  await recordMissing(ctx, present);
  const rows: InventoryRow[] = backups.map((backup) => ({
    kind: "recorded",
    backup,
    objectState: backup.status !== "verified" ? "not-expected" : present.has(backup.key) ? "present" : "missing",
  }));
  const known = new Set((await ctx.db.backup.findMany({ select: { key: true, manifestKey: true } })).flatMap((b) => [b.key, b.manifestKey]));
  const unknown = objects
    .filter((o) => !known.has(o.key))
    .map((o) => ({ key: o.key, size: o.size, lastModified: o.lastModified?.toISOString() ?? null }));
  return { rows, unknown, listingError: null };
}

// Keeps `missingSince` true to the bucket: a verified backup whose object is gone no
// longer counts for RPO, drills or restores until it reappears.
async function recordMissing(ctx: Context, present: Set<string>): Promise<void> {
  const verified = await ctx.db.backup.findMany({ where: { status: "verified" }, select: { id: true, key: true, componentId: true, missingSince: true } });
  for (const b of verified) {
    const gone = !present.has(b.key);
    if (gone && !b.missingSince) {
      await ctx.db.backup.update({ where: { id: b.id }, data: { missingSince: new Date() } });
      await appendAuditEvent(ctx.db, systemActor("worker", "reconciliation"), { eventType: "backup.missing", status: "failed", component: b.componentId, notes: `object ${b.key} is not in the bucket`, details: { backupId: b.id } });
    } else if (!gone && b.missingSince) {
      await ctx.db.backup.update({ where: { id: b.id }, data: { missingSince: null } });
    }
  }
}

// The worker's periodic check, without building the page's view.
export async function reconcileBucket(ctx: Context): Promise<void> {
  const prefixes = [...new Set(ctx.settings.plan.repositories.map((r) => r.prefix))];
  const objects = (await Promise.all(prefixes.map((p) => ctx.store.list(`${p}database/`)))).flat();
  await recordMissing(ctx, new Set(objects.map((o) => o.key)));
}
