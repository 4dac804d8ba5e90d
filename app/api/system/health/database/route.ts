import { checkStateDatabase } from "@/lib/compliance/system-status";
import { appContext } from "@/lib/context";
import { errorMessage } from "@/lib/errors";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET() {
  let health;
  try {
    health = await checkStateDatabase(appContext());
  } catch (e) {
    health = { status: "unavailable" as const, reason: errorMessage(e) };
  }
  return json(health, health.status === "ok" ? 200 : 503);
}
