// Experiment worker: one pipeline variant per process (see exp.ts). Prints one JSON line.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { performBackup } from "../../../lib/backup/perform-backup";
import { encryptStream } from "../../../lib/crypto/openpgp-stream";
import { findPgTool } from "../../../lib/postgres/pg-tools";
import { createObjectStore } from "../../../lib/storage/object-store";
import { manifestKeyFor } from "../../../lib/storage/object-keys";
import { performBackupVariant } from "./perform-backup-variant";

const [variant, url, endpoint, bucket, key] = process.argv.slice(2) as [string, string, string, string, string];
const passphrase = "bench-passphrase-0123456789abcdef";
const store = createObjectStore({ endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket, forcePathStyle: true });
const hwm = () => Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
let chunks = 0;
let maxChunk = 0;
const counter = () =>
  new Transform({
    transform(c: Buffer, _e, cb) {
      chunks++;
      maxChunk = Math.max(maxChunk, c.length);
      cb(null, c);
    },
  });

function dump() {
  const child = spawn(findPgTool("pg_dump", { serverMajor: 15 }), ["--format=custom", "--no-password", `--dbname=${url}`], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((res, rej) => child.on("close", (c) => (c === 0 ? res() : rej(new Error(`pg_dump ${c}`)))));
  return { stdout: child.stdout, exited };
}

const base = { backupId: "exp", component: { id: "exp", kind: "database" }, url, database: new URL(url).pathname.slice(1), store, key, manifestKey: manifestKeyFor(key), passphrase };
const variants: Record<string, () => Promise<unknown>> = {
  pipe: async () => {
    const d = dump();
    await pipeline(d.stdout, counter(), sink());
    await d.exited;
  },
  encrypt: async () => {
    const d = dump();
    await pipeline(await encryptStream(d.stdout.pipe(counter()), passphrase), sink());
    await d.exited;
  },
  upload: async () => {
    const d = dump();
    const h = createHash("sha256");
    const hashed = new Transform({ transform: (c: Buffer, _e, cb) => (h.update(c), cb(null, c)) });
    await Promise.all([pipeline(await encryptStream(d.stdout.pipe(counter()), passphrase), hashed), store.putStream(key, hashed)]);
    await d.exited;
  },
  product: () => performBackup(base),
  parallel: () => performBackupVariant(base, { parallelCount: true }),
  "parallel-noverify": () => performBackupVariant(base, { parallelCount: true, verify: "none" }),
  noverify: () => performBackupVariant(base, { verify: "none" }),
};

const t0 = performance.now();
const cpu0 = process.cpuUsage();
await variants[variant]!();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await store.delete(key).catch(() => {});
await store.delete(manifestKeyFor(key)).catch(() => {});
console.log(JSON.stringify({ variant, seconds, peakRssMB: hwm(), nodeCpuS: (cpu.user + cpu.system) / 1e6, chunks, maxChunk }));
process.exit(0);
