"use client";

import { useCallback, useState, useTransition } from "react";
import { backUpNow } from "@/app/actions/backup-actions";
import { BackupProgress } from "./backup-progress";

export type BackUpButtonProps = { componentId: string; componentName: string; activeBackupId: string | null };

export function BackUpButton({ componentId, componentName, activeBackupId }: BackUpButtonProps) {
  const [backupId, setBackupId] = useState<string | null>(activeBackupId);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // A refusal ("already queued") is about the backup in progress; it ends with it.
  const clearError = useCallback(() => setError(null), []);
  const onClick = () => {
    setError(null);
    startTransition(async () => {
      const r = await backUpNow({ componentId });
      if (r.ok) setBackupId(r.data.backupId);
      else setError(r.error);
    });
  };
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={onClick}
        disabled={pending}
        aria-label={`Back up ${componentName} now`}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-slate-700 disabled:opacity-50"
      >
        {pending ? "Requesting…" : "Back up now"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {backupId && <BackupProgress key={backupId} backupId={backupId} onSettled={clearError} />}
    </div>
  );
}
