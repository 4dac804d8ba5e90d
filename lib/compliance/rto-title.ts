import { formatSeconds } from "../format";
import { formatDuration } from "../plan/duration";
import type { RtoStatus } from "./rto-status";

// The hover text of an RTO status badge: measured duration against the target.
export function rtoTitle(rto: RtoStatus, rtoSeconds: number): string {
  if (rto.state === "stateless") return "Nothing to restore: the component holds no data";
  if (rto.durationSeconds === null) return `Never restored: no measured duration against a ${formatDuration(rtoSeconds)} target`;
  return `Newest successful restore took ${formatSeconds(rto.durationSeconds)} against a ${formatDuration(rtoSeconds)} target (${Math.round((rto.share ?? 0) * 100)}%)`;
}
