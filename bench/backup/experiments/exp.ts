// Experiment driver: interleaves pipeline variants (variant-worker.ts) against one
// database. EXP_DB (existing loopback database), EXP_VARIANTS, EXP_ROUNDS.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startEmbeddedS3 } from "../../../lib/embedded/s3-server";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const here = path.dirname(fileURLToPath(import.meta.url));
const url = process.env.EXP_DB!;
if (new URL(url).hostname !== "127.0.0.1") throw new Error("loopback only");
const variants = (process.env.EXP_VARIANTS ?? "devnull,pipe,encrypt,upload,product,parallel").split(",");
const rounds = Number(process.env.EXP_ROUNDS ?? 5);
const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-exp-"));
const s3 = await startEmbeddedS3({ directory: tmp, port: 0, buckets: ["exp"] });

function proc(cmd: string, args: string[]): Promise<{ wall: number; out: string }> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    c.stdout.on("data", (d: Buffer) => (out += d));
    c.on("close", (code) => (code === 0 ? res({ wall: (performance.now() - t0) / 1000, out }) : rej(new Error(`${cmd} ${args[3]} exit ${code}`))));
  });
}
const results: Record<string, { wall: number[]; inner: number[]; rss: number[]; cpu: number[]; chunks?: number; maxChunk?: number }> = {};
try {
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      let wall: number, inner: number, rss = NaN, cpu = NaN, extra: { chunks?: number; maxChunk?: number } = {};
      if (v === "devnull") {
        const p = await proc("/usr/lib/postgresql/15/bin/pg_dump", ["-Fc", "--no-sync", "-f", "/dev/null", `--dbname=${url}`]);
        wall = inner = p.wall;
      } else {
        const p = await proc(process.execPath, ["--import", "tsx", path.join(here, "variant-worker.ts"), v, url, s3.endpoint, "exp", `database/exp/x_${v}_${r}.dump.gpg`]);
        const j = JSON.parse(p.out.trim().split("\n").pop()!);
        wall = p.wall; inner = j.seconds; rss = j.peakRssMB; cpu = j.nodeCpuS; extra = { chunks: j.chunks, maxChunk: j.maxChunk };
      }
      if (r === 0) continue; // warm-up
      const e = (results[v] ??= { wall: [], inner: [], rss: [], cpu: [] });
      e.wall.push(wall); e.inner.push(inner); e.rss.push(rss); e.cpu.push(cpu); Object.assign(e, extra);
    }
  }
} finally {
  await s3.close();
  rmSync(tmp, { recursive: true, force: true });
}
const med = (x: number[]) => { const s = [...x].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
console.log("variant             inner(med)  wall(med)  nodeCPU  peakRSS  chunks maxChunk   inner samples");
for (const [v, e] of Object.entries(results)) {
  console.log(`${v.padEnd(18)} ${med(e.inner).toFixed(3).padStart(9)} ${med(e.wall).toFixed(3).padStart(10)} ${med(e.cpu).toFixed(2).padStart(8)} ${Math.max(...e.rss).toFixed(0).padStart(8)} ${String(e.chunks ?? "").padStart(7)} ${String(e.maxChunk ?? "").padStart(8)}   [${e.inner.map((x) => x.toFixed(2)).join(", ")}]`);
}
process.exit(0);
