"use client";

import { useQuery } from "@tanstack/react-query";
import type { BackupView } from "@/lib/backup/backup-view";

const terminal = new Set(["verified", "failed"]);

// Polls a backup while it is queued or running; stops once it ends.
export function useBackup(id: string | null) {
  return useQuery({
    queryKey: ["backup", id],
    enabled: id !== null,
    queryFn: async (): Promise<BackupView> => {
      const r = await fetch(`/api/backups/${id}`, { cache: "no-store" });
      if (!r.ok) throw new Error(`Could not read backup ${id}: HTTP ${r.status}`);
      return (await r.json()) as BackupView;
    },
    refetchInterval: (q) => (q.state.data && terminal.has(q.state.data.status) ? false : 1000),
  });
}
