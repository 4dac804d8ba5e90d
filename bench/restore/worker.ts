// One product restore in its own process, so its time includes process start-up and its
// peak memory (VmHWM) is its own.
//   node --import tsx bench/restore/worker.ts --server-url=… --key=… --manifest-key=… --sha256=… --size=…
//        --passphrase-file=… --endpoint=… --bucket=… --database=… --work-dir=…
// Prints one JSON line on stdout: seconds, phase timestamps (ms since performRestore was
// called) and VmHWM read from /proc/self/status just before exit. The store is the
// product's createObjectStore, wrapped only to time its calls (no behaviour change).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { performRestore as productRestore } from "../../lib/restore/perform-restore";
import { readPassphrase } from "../../lib/crypto/passphrase";
import { createObjectStore, type ObjectStore } from "../../lib/storage/object-store";

const bootMs = performance.now(); // ms since this process started (node + tsx + imports)

function args(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of process.argv.slice(2)) {
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m) out[m[1]!] = m[2]!;
  }
  for (const k of ["server-url", "key", "manifest-key", "sha256", "size", "passphrase-file", "endpoint", "bucket", "database", "work-dir"]) {
    if (!out[k]) throw new Error(`worker: missing --${k}=`);
  }
  return out;
}

function procStatusKB(field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : undefined;
}

// Marks when the manifest read and the object download start and end (ms since t0).
function timedStore(store: ObjectStore, marks: Record<string, number>, t0: number): ObjectStore {
  const at = () => performance.now() - t0;
  return {
    ...store,
    getText: async (key) => {
      marks.manifestStart = at();
      try {
        return await store.getText(key);
      } finally {
        marks.manifestEnd = at();
      }
    },
    getStream: async (key) => {
      marks.downloadStart = at();
      const s: Readable = await store.getStream(key);
      s.once("end", () => (marks.downloadEnd = at()));
      s.once("error", () => (marks.downloadEnd = at()));
      return s;
    },
  };
}

async function main() {
  const a = args();
  const db = new URL(a["server-url"]!);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(db.hostname)) throw new Error(`worker: refusing non-loopback database host ${db.hostname}`);
  const performRestore = productRestore;
  const importedMs = performance.now();
  const store = createObjectStore({ endpoint: a.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket: a.bucket!, forcePathStyle: true });
  const passphrase = readPassphrase(a["passphrase-file"]!);
  const marks: Record<string, number> = {};
  let lastProgress = 0;
  const t0 = performance.now();
  const result = await performRestore({
    backup: { key: a.key!, manifestKey: a["manifest-key"]!, sha256: a.sha256!, sizeBytes: Number(a.size) },
    store: timedStore(store, marks, t0),
    passphrase,
    serverUrl: a["server-url"]!,
    target: { kind: "scratch", database: a.database! },
    workDir: a["work-dir"]!,
    pgBinDir: undefined,
    onPhase: (p) => {
      marks[p] = performance.now() - t0;
    },
    // Same cost shape as the job runner: a clock check per chunk.
    onProgress: () => {
      const t = Date.now();
      if (t - lastProgress < 1000) return;
      lastProgress = t;
    },
  });
  marks.end = performance.now() - t0;
  if (!result.integrity.ok) throw new Error("worker: integrity report not ok");
  const out = {
    seconds: marks.end / 1000,
    bootMs, // process start -> worker module evaluated (node, tsx, static imports)
    importMs: importedMs - bootMs, // --impl's dynamic import (0 without --impl)
    marks,
    checks: result.integrity.checks.length,
    dataBytes: result.dataBytes,
    vmHwmKB: procStatusKB("VmHWM"),
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
