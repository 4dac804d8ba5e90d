"use client";

import { useQuery } from "@tanstack/react-query";
import type { RestoreView } from "@/lib/restore/restore-view";

export const terminalRestoreStatuses = new Set(["validated", "failed"]);

// Polls a restore (or drill) while it is queued or working; stops once it ends.
export function useRestore(id: string | null) {
  return useQuery({
    queryKey: ["restore", id],
    enabled: id !== null,
    queryFn: async (): Promise<RestoreView> => {
      const r = await fetch(`/api/restores/${id}`, { cache: "no-store" });
      if (!r.ok) throw new Error(`Could not read restore ${id}: HTTP ${r.status}`);
      return (await r.json()) as RestoreView;
    },
    refetchInterval: (q) => (q.state.data && terminalRestoreStatuses.has(q.state.data.status) ? false : 1000),
  });
}
