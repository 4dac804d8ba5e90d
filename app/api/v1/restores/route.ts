import { z } from "zod";
import { appContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { errorResponse, guardRequest, json, knownComponent } from "@/lib/http";
import { listRestores } from "@/lib/restore/list-restores";
import { requestRestore } from "@/lib/restore/request-restore";
import { toRestoreView } from "@/lib/restore/restore-view";

export const dynamic = "force-dynamic";

const createBody = z
  .object({
    backup: z.string().min(1).max(100),
    target: z.enum(["scratch", "original"]).default("scratch"),
    confirm: z.string().max(100).optional(),
    terminateConnections: z.boolean().optional(),
  })
  .strict();

// Machine API: bearer tokens only.
export async function GET(req: Request) {
  try {
    await guardRequest(req, "restore.read", { session: false });
    const q = new URL(req.url).searchParams;
    const purpose = q.get("purpose");
    if (purpose && purpose !== "restore" && purpose !== "drill") throw new AppError("validation", "purpose must be restore or drill.");
    const ctx = appContext();
    return json(await listRestores(ctx, { component: knownComponent(ctx.settings, q.get("component")), purpose: (purpose as "restore" | "drill") ?? undefined }));
  } catch (e) {
    return errorResponse(e);
  }
}

export async function POST(req: Request) {
  try {
    const body: unknown = await req.json().catch(() => undefined);
    const original = (body as { target?: unknown })?.target === "original";
    const actor = await guardRequest(req, original ? "restore.original" : "restore.scratch", { session: false });
    const parsed = createBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError(
        "validation",
        `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}. Send a JSON body like {"backup": "<backup id>"} (target "scratch" by default), or {"backup": "<id>", "target": "original", "confirm": "<database name>", "terminateConnections": false}.`,
      );
    }
    const { backup, ...rest } = parsed.data;
    const restore = await requestRestore(appContext(), actor, { backupId: backup, ...rest });
    return json(toRestoreView(restore), 202);
  } catch (e) {
    return errorResponse(e);
  }
}
