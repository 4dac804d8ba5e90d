// One product backup in its own process, so its peak memory is its own.
//   node --import tsx bench/backup/worker.ts --url=… --key=… --passphrase-file=… --endpoint=… --bucket=…
// Prints one JSON line on stdout: seconds, bytes, phase timings and VmHWM (peak RSS)
// read from /proc/self/status just before exit. The store is the product's
// createObjectStore, wrapped only to time its calls (no behaviour change).
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { performBackup } from "../../lib/backup/perform-backup";
import { readPassphrase } from "../../lib/crypto/passphrase";
import { createObjectStore, type ObjectStore } from "../../lib/storage/object-store";
import { manifestKeyFor } from "../../lib/storage/object-keys";

function args(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m) out[m[1]!] = m[2]!;
  }
  for (const k of ["url", "key", "passphrase-file", "endpoint", "bucket"]) {
    if (!out[k]) throw new Error(`worker: missing --${k}=`);
  }
  return out;
}

function procStatusKB(field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : undefined;
}

type Phase = { start: number; end?: number };

// Times each store call relative to t0 (ms). getStream's phase ends when the caller has read the body.
function timedStore(store: ObjectStore, t0: number, phases: Record<string, Phase>): ObjectStore {
  const mark = (name: string) => (phases[name] = { start: performance.now() - t0 });
  const done = (name: string) => (phases[name]!.end = performance.now() - t0);
  return {
    bucket: store.bucket,
    endpoint: store.endpoint,
    putStream: async (key, body, onPart) => {
      mark("upload");
      try {
        return await store.putStream(key, body, onPart);
      } finally {
        done("upload");
      }
    },
    putText: async (key, body, type) => {
      mark("manifest");
      try {
        return await store.putText(key, body, type);
      } finally {
        done("manifest");
      }
    },
    getStream: async (key) => {
      mark("verifyDownload");
      const s: Readable = await store.getStream(key);
      s.once("end", () => done("verifyDownload"));
      s.once("error", () => done("verifyDownload"));
      return s;
    },
    head: async (key) => {
      mark("head");
      try {
        return await store.head(key);
      } finally {
        done("head");
      }
    },
    getText: (k) => store.getText(k),
    list: (p) => store.list(p),
    delete: (k) => store.delete(k),
    abortUploads: (k) => store.abortUploads(k),
    checkBucket: () => store.checkBucket(),
  };
}

async function main() {
  const a = args();
  const db = new URL(a.url!);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(db.hostname)) throw new Error(`worker: refusing non-loopback database host ${db.hostname}`);
  const store = createObjectStore({
    endpoint: a.endpoint,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    bucket: a.bucket!,
    forcePathStyle: true,
  });
  const passphrase = readPassphrase(a["passphrase-file"]!);
  const phases: Record<string, Phase> = {};
  // Sample RSS while running too, for the shape of memory over time (VmHWM is the truth).
  let rssSamples = 0;
  let maxSampledRss = 0;
  const sampler = setInterval(() => {
    rssSamples++;
    maxSampledRss = Math.max(maxSampledRss, process.memoryUsage().rss);
  }, 50);
  let lastProgress = 0;
  const t0 = performance.now();
  const result = await performBackup({
    backupId: a["backup-id"] ?? randomUUID(),
    component: { id: "bench", kind: "database" },
    url: a.url!,
    database: db.pathname.slice(1),
    store: timedStore(store, t0, phases),
    key: a.key!,
    manifestKey: manifestKeyFor(a.key!),
    passphrase,
    // Same cost shape as the job runner: a clock check per chunk, a write every second.
    onProgress: () => {
      const t = Date.now();
      if (t - lastProgress < 1000) return;
      lastProgress = t;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const mem = process.memoryUsage();
  const out = {
    seconds,
    dumpBytes: result.dumpBytes,
    storedBytes: result.sizeBytes,
    sha256: result.sha256,
    vmHwmKB: procStatusKB("VmHWM"),
    vmRssKB: procStatusKB("VmRSS"),
    maxSampledRssMB: maxSampledRss / 1048576,
    rssSamples,
    heapUsedMB: mem.heapUsed / 1048576,
    externalMB: mem.external / 1048576,
    arrayBuffersMB: mem.arrayBuffers / 1048576,
    phasesMs: phases,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
