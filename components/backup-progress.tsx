"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formatBytes } from "@/lib/format";
import { StatusBadge } from "./status-badge";
import { useBackup } from "./use-backup";

// Live progress of one backup; refreshes the page's server data when it ends.
export type BackupProgressProps = { backupId: string; compact?: boolean; onSettled?: () => void };

export function BackupProgress({ backupId, compact = false, onSettled }: BackupProgressProps) {
  const router = useRouter();
  const { data, error } = useBackup(backupId);
  const status = data?.status;
  useEffect(() => {
    if (status === "verified" || status === "failed") {
      onSettled?.();
      router.refresh();
    }
  }, [status, router, onSettled]);
  if (error) return <p className="text-sm text-red-700">{error.message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Queued…</p>;
  const done = data.status === "verified" || data.status === "failed";
  return (
    <div className="space-y-1" data-testid="backup-progress" data-status={data.status}>
      <div className="flex items-center gap-2 text-sm">
        <StatusBadge status={data.status} />
        <span className="text-slate-600">
          {data.status === "queued" && (data.error ? "waiting to retry" : "waiting for a worker")}
          {data.status === "running" && `${formatBytes(data.dumpBytes)} dumped, ${formatBytes(data.sizeBytes)} stored`}
          {data.status === "verified" && `${formatBytes(data.sizeBytes)} stored and checked`}
          {data.status === "failed" && "see the error"}
        </span>
        {!compact && (
          <Link href={`/backups/${data.id}`} className="text-sky-700 underline-offset-2 hover:underline">
            details
          </Link>
        )}
      </div>
      {!done && (
        <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label="Backup progress" aria-valuetext={`${data.sizeBytes} bytes stored`}>
          <div className={`h-full bg-sky-500 ${data.status === "queued" ? "w-1/12 animate-pulse" : "w-full animate-pulse"}`} />
        </div>
      )}
      {data.error && <p className="text-sm text-red-700">{data.error}</p>}
    </div>
  );
}
