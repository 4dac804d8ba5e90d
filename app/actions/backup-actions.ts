"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { guardedAction } from "@/lib/auth/guarded-action";
import { requestBackup } from "@/lib/backup/request-backup";
import { appContext } from "@/lib/context";
import { AppError } from "@/lib/errors";

const input = z.object({ componentId: z.string().min(1).max(100) });

// "Back up now": enqueue and return at once; the worker does the work.
export async function backUpNow(raw: { componentId: string }): Promise<ActionResult<{ backupId: string }>> {
  return guardedAction(
    "backup.create",
    async (actor) => {
      const parsed = input.safeParse(raw);
      if (!parsed.success) throw new AppError("validation", "Choose a component to back up.");
      const backup = await requestBackup(appContext(), actor, { componentId: parsed.data.componentId });
      revalidatePath("/");
      revalidatePath("/backups");
      return { backupId: backup.id };
    },
    { component: typeof raw?.componentId === "string" ? raw.componentId : undefined },
  );
}
