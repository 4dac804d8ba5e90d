// Durations in the plan are written as people write them: 0, 90s, 30m, 1h, 1h30m, 2d.
const part = /(\d+)\s*(d|h|m|s)/g;
const unitSeconds: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  if (!/^(\d+\s*[dhms]\s*)+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(part)) total += Number(m[1]) * unitSeconds[m[2]!]!;
  return total;
}

// "1 h", "30 min", "1 h 30 min", "0" for display.
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean);
  return parts.slice(0, 2).join(" ");
}
