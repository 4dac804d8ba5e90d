import type { Context } from "../context";
import { AppError } from "../errors";
import type { RestorePurpose } from "../generated/prisma/enums";
import { toRestoreView, type RestoreView } from "./restore-view";

export async function listRestores(ctx: Context, o: { component?: string; purpose?: RestorePurpose; backupId?: string; limit?: number } = {}): Promise<RestoreView[]> {
  const rows = await ctx.db.restore.findMany({ where: { componentId: o.component, purpose: o.purpose, backupId: o.backupId }, orderBy: { requestedAt: "desc" }, take: o.limit ?? 200 });
  return rows.map(toRestoreView);
}

export async function getRestore(ctx: Context, id: string): Promise<RestoreView> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.restore.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError("not_found", `No restore with id "${id}".`);
  return toRestoreView(row);
}
