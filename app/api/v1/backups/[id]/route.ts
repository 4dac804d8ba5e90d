import { getBackup } from "@/lib/backup/list-backups";
import { appContext } from "@/lib/context";
import { errorResponse, guardRequest, json } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await guardRequest(req, "backup.read", { session: false });
    return json(await getBackup(appContext(), (await params).id));
  } catch (e) {
    return errorResponse(e);
  }
}
