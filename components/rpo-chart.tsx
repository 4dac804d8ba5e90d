"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type RpoChartPoint = { name: string; percent: number; state: string };

const colors: Record<string, string> = { ok: "#10b981", "at-risk": "#f59e0b", breached: "#ef4444" };

// Age of each component's newest verified backup as a share of its RPO target.
export function RpoChart({ points }: { points: RpoChartPoint[] }) {
  const max = Math.max(120, ...points.map((p) => Math.min(p.percent, 400)));
  return (
    <div className="h-56 w-full" aria-label="RPO compliance chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points.map((p) => ({ ...p, shown: Math.min(p.percent, 400) }))} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis domain={[0, max]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(_v, _n, item) => [`${(item.payload as RpoChartPoint).percent.toFixed(0)}% of RPO`, "Backup age"]} />
          <ReferenceLine y={80} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: "80%", position: "right", fontSize: 11 }} />
          <ReferenceLine y={100} stroke="#ef4444" strokeDasharray="4 4" label={{ value: "RPO", position: "right", fontSize: 11 }} />
          <Bar dataKey="shown" isAnimationActive={false}>
            {points.map((p) => (
              <Cell key={p.name} fill={colors[p.state] ?? "#94a3b8"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
