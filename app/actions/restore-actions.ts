"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { guardedAction } from "@/lib/auth/guarded-action";
import { appContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { requestDrill } from "@/lib/restore/drills";
import { requestRestore } from "@/lib/restore/request-restore";

const restoreInput = z.object({
  backupId: z.string().min(1).max(100),
  target: z.enum(["scratch", "original"], { message: "Choose a scratch database or the original." }),
  confirm: z.string().max(100).optional(),
  terminateConnections: z.boolean().optional(),
});

// "Restore…": a scratch copy for engineers; over the original only for coordinators.
export async function restoreBackupAction(raw: { backupId: string; target: string; confirm?: string; terminateConnections?: boolean }): Promise<ActionResult<{ restoreId: string }>> {
  const permission = raw?.target === "original" ? "restore.original" : "restore.scratch";
  return guardedAction(permission, async (actor) => {
    const parsed = restoreInput.safeParse(raw);
    if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message);
    const restore = await requestRestore(appContext(), actor, parsed.data);
    revalidatePath(`/backups/${parsed.data.backupId}`);
    revalidatePath("/drills");
    return { restoreId: restore.id };
  });
}

// "Run drill now": the plan's restore test for one component, outside its schedule.
export async function runDrillAction(raw: { componentId: string }): Promise<ActionResult<{ restoreId: string }>> {
  return guardedAction(
    "drill.run",
    async (actor) => {
      const parsed = z.object({ componentId: z.string().min(1).max(100) }).safeParse(raw);
      if (!parsed.success) throw new AppError("validation", "Choose a component to test.");
      const restore = await requestDrill(appContext(), actor, { componentId: parsed.data.componentId });
      revalidatePath("/drills");
      revalidatePath("/");
      return { restoreId: restore.id };
    },
    { component: typeof raw?.componentId === "string" ? raw.componentId : undefined },
  );
}
