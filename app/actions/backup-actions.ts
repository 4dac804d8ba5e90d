"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requestBackup } from "@/lib/backup/request-backup";
import { appContext } from "@/lib/context";
import { publicMessage } from "@/lib/errors";
import type { ActionResult } from "@/lib/action-result";

const input = z.object({ componentId: z.string().min(1).max(100) });

// "Back up now": enqueue and return at once; the worker does the work.
export async function backUpNow(raw: { componentId: string }): Promise<ActionResult<{ backupId: string }>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose a component to back up." };
  try {
    const backup = await requestBackup(appContext(), { componentId: parsed.data.componentId, trigger: "ui", requestedBy: "web UI" });
    revalidatePath("/");
    revalidatePath("/backups");
    return { ok: true, data: { backupId: backup.id } };
  } catch (e) {
    if (!(e instanceof Error && e.name === "AppError")) console.error(e);
    return { ok: false, error: publicMessage(e) };
  }
}
