import { auditFilterSchema, listAuditEvents, toCsv } from "@/lib/audit/list-audit-events";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, guardRequest } from "@/lib/http";

export const dynamic = "force-dynamic";

// The Audit page's filters as a CSV download (session or bearer token).
export async function GET(req: Request) {
  try {
    await guardRequest(req, "audit.read", { session: true });
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const filter = auditFilterSchema.parse(params);
    for (const k of ["from", "to"] as const) {
      if (params[k] && !filter[k]) throw new AppError("validation", `"${k}" must be a time like 2026-12-03T08:00 (UTC) or an ISO-8601 timestamp.`);
    }
    const events = await listAuditEvents(db(), filter, { limit: 100_000 });
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    return new Response(toCsv(events), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="audit-events-${stamp}Z.csv"`, "Cache-Control": "no-store" },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
