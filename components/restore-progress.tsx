"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formatBytes, formatSeconds } from "@/lib/format";
import { StatusBadge } from "./status-badge";
import { useRestore } from "./use-restore";

const phases = ["queued", "downloading", "restoring", "validating"] as const;

// Live progress of one restore or drill; refreshes the page's server data when it ends.
export type RestoreProgressProps = { restoreId: string; compact?: boolean; onSettled?: () => void };

export function RestoreProgress({ restoreId, compact = false, onSettled }: RestoreProgressProps) {
  const router = useRouter();
  const { data, error } = useRestore(restoreId);
  const status = data?.status;
  useEffect(() => {
    if (status === "validated" || status === "failed") {
      onSettled?.();
      router.refresh();
    }
  }, [status, router, onSettled]);
  if (error) return <p className="text-sm text-red-700">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Queued…</p>;
  const done = data.status === "validated" || data.status === "failed";
  const share = data.bytesTotal > 0 ? Math.min(1, data.bytesDownloaded / data.bytesTotal) : 0;
  // Downloading fills the bar by bytes; the later phases each take a last stretch.
  const percent = data.status === "queued" ? 4 : data.status === "downloading" ? 5 + share * 55 : data.status === "restoring" ? 75 : 92;
  return (
    <div className="space-y-1" data-testid="restore-progress" data-status={data.status} data-restore={data.id}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <StatusBadge status={data.status} />
        <span className="text-slate-600">
          {data.status === "queued" && "waiting for a worker"}
          {data.status === "downloading" && `${formatBytes(data.bytesDownloaded)} of ${formatBytes(data.bytesTotal)} downloaded`}
          {data.status === "restoring" && `pg_restore into ${data.database}`}
          {data.status === "validating" && "comparing row counts and checks with the manifest"}
          {data.status === "validated" && `restored and checked in ${data.durationSeconds !== null ? formatSeconds(data.durationSeconds) : "—"}`}
          {data.status === "failed" && "see the error"}
        </span>
        {!compact && (
          <Link href={`/restores/${data.id}`} className="text-sky-700 underline-offset-2 hover:underline">
            details
          </Link>
        )}
      </div>
      {!done && (
        <>
          <div
            className="h-1.5 w-full overflow-hidden rounded bg-slate-200"
            role="progressbar"
            aria-label="Restore progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(percent)}
            aria-valuetext={`${data.status}: ${data.bytesDownloaded} of ${data.bytesTotal} bytes downloaded`}
          >
            <div className={`h-full bg-sky-500 transition-all ${data.status === "downloading" ? "" : "animate-pulse"}`} style={{ width: `${percent}%` }} />
          </div>
          <ol className="flex gap-3 text-xs text-slate-500">
            {phases.map((p, i) => (
              <li key={p} className={phases.indexOf(data.status as (typeof phases)[number]) >= i ? "font-medium text-slate-800" : ""}>
                {p}
              </li>
            ))}
          </ol>
        </>
      )}
      {data.error && <p className="break-words text-sm text-red-700">{data.error}</p>}
    </div>
  );
}
