import { getSystemStatus } from "@/lib/compliance/system-status";
import { appContext } from "@/lib/context";
import { errorResponse, json } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const status = await getSystemStatus(appContext());
    return json(status, status.status === "down" ? 503 : 200);
  } catch (e) {
    return errorResponse(e);
  }
}
