import type { Context } from "../context";
import { AppError } from "../errors";
import type { BackupStatus } from "../generated/prisma/client";
import { toBackupView, type BackupView } from "./backup-view";

export const backupStatuses: BackupStatus[] = ["queued", "running", "verified", "failed"];

export async function listBackups(ctx: Context, o: { component?: string; status?: BackupStatus; limit?: number } = {}): Promise<BackupView[]> {
  const rows = await ctx.db.backup.findMany({
    where: { componentId: o.component, status: o.status },
    orderBy: { requestedAt: "desc" },
    take: o.limit ?? 500,
  });
  return rows.map(toBackupView);
}

export async function getBackup(ctx: Context, id: string): Promise<BackupView> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.backup.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError("not_found", `No backup with id "${id}".`);
  return toBackupView(row);
}
