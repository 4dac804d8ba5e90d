import { appContext } from "@/lib/context";
import { errorResponse, guardRequest, json } from "@/lib/http";
import { getRestore } from "@/lib/restore/list-restores";

export const dynamic = "force-dynamic";

// Polled by the UI for live progress (session cookie).
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await guardRequest(req, "restore.read", { session: true });
    return json(await getRestore(appContext(), (await params).id));
  } catch (e) {
    return errorResponse(e);
  }
}
