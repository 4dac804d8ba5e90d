import { auditFilterSchema, listAuditEvents, toCsv } from "@/lib/audit/list-audit-events";
import { db } from "@/lib/db";
import { errorResponse, guardRequest } from "@/lib/http";

export const dynamic = "force-dynamic";

// The Audit page's filters as a CSV download (session or bearer token).
export async function GET(req: Request) {
  try {
    await guardRequest(req, "audit.read", { session: true });
    const filter = auditFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
    const events = await listAuditEvents(db(), filter, { limit: 100_000 });
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    return new Response(toCsv(events), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="audit-events-${stamp}Z.csv"`, "Cache-Control": "no-store" },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
