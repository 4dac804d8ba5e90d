// Shared by the benchmarks: settings from the environment (loopback PostgreSQL only),
// a process timer and small number helpers.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";

export function benchSettings() {
  const scale = Number(process.env.BENCH_SCALE ?? 20);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const host = process.env.BENCH_PG_HOST ?? "127.0.0.1";
  const port = Number(process.env.BENCH_PG_PORT ?? 5432);
  const user = process.env.BENCH_PG_USER ?? "postgres";
  if (!new Set(["127.0.0.1", "localhost", "::1", "[::1]"]).has(host)) {
    console.error(`Refusing to run against ${host}: the benchmark creates and drops databases, so it only runs on a loopback PostgreSQL (127.0.0.1).`);
    process.exit(2);
  }
  if (!Number.isInteger(scale) || scale < 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error("BENCH_SCALE and BENCH_ROUNDS must be positive integers.");
    process.exit(2);
  }
  const urlHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const urlFor = (db: string) => `postgresql://${user}@${urlHost}:${port}/${db}`;
  return { scale, rounds, host, port, user, urlFor, adminUrl: urlFor("postgres") };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const f = (n: number, d = 2) => n.toFixed(d);
export const mb = (b: number) => b / 1048576;
export const load = () => os.loadavg().map((x) => f(x)).join(" ");

export async function withAdmin<T>(adminUrl: string, name: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl, application_name: name });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export function timeProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 16384) stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(" ")}… failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}

// Runs a benchmark from the repository root; exits 1 with the error on failure.
export function runBench(name: string, repoRoot: string, main: () => Promise<void>): void {
  process.chdir(repoRoot);
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}
