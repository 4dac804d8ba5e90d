import { getBackup } from "@/lib/backup/list-backups";
import { appContext } from "@/lib/context";
import { errorResponse, json } from "@/lib/http";

export const dynamic = "force-dynamic";

// Polled by the UI for live progress.
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    return json(await getBackup(appContext(), (await params).id));
  } catch (e) {
    return errorResponse(e);
  }
}
