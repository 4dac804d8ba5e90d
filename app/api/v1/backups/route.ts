import { z } from "zod";
import { listBackups, backupStatuses } from "@/lib/backup/list-backups";
import { requestBackup } from "@/lib/backup/request-backup";
import { toBackupView } from "@/lib/backup/backup-view";
import { appContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { BackupStatus } from "@/lib/generated/prisma/enums";
import { errorResponse, guardRequest, json, knownComponent } from "@/lib/http";

export const dynamic = "force-dynamic";

const createBody = z.object({ component: z.string().min(1).max(100) }).strict();

// Machine API: bearer tokens only.
export async function GET(req: Request) {
  try {
    await guardRequest(req, "backup.read", { session: false });
    const q = new URL(req.url).searchParams;
    const status = q.get("status");
    if (status && !backupStatuses.includes(status as BackupStatus)) throw new AppError("validation", `status must be one of ${backupStatuses.join(", ")}.`);
    const ctx = appContext();
    return json(await listBackups(ctx, { component: knownComponent(ctx.settings, q.get("component")), status: (status as BackupStatus) ?? undefined }));
  } catch (e) {
    return errorResponse(e);
  }
}

export async function POST(req: Request) {
  try {
    const body: unknown = await req.json().catch(() => undefined);
    const component = typeof (body as { component?: unknown })?.component === "string" ? (body as { component: string }).component : undefined;
    const actor = await guardRequest(req, "backup.create", { session: false, component });
    const parsed = createBody.safeParse(body);
    if (!parsed.success) throw new AppError("validation", 'Send a JSON body like {"component": "postgresql-database"}.');
    const backup = await requestBackup(appContext(), actor, { componentId: parsed.data.component });
    return json(toBackupView(backup), 202);
  } catch (e) {
    return errorResponse(e);
  }
}
