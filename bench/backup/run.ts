// Backup benchmark: plain `pg_dump -Fc -f /dev/null` against the product's full backup
// (dump -> encrypt -> hash -> multipart upload -> verify -> manifest) of the same
// pgbench database to an embedded S3 server on loopback. See bench/backup/README.md.
//
//   npm run bench:backup
//   BENCH_SCALE=20 BENCH_ROUNDS=3 BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 npm run bench:backup
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { benchSettings, runBench, f, mb, median, timeProcess, withAdmin } from "../bench-lib";
import { startEmbeddedS3, type EmbeddedS3 } from "../../lib/embedded/s3-server";
import { findPgTool, toolVersion } from "../../lib/postgres/pg-tools";
import { createObjectStore } from "../../lib/storage/object-store";
import { backupObjectKey, manifestKeyFor } from "../../lib/storage/object-keys";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

// pg_dump fsyncs its output file and /dev/null refuses fsync: --no-sync (nothing to sync anyway).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const targets = { ratio: 1.15, peakRssMB: 200 };
const { scale, rounds, host, port, user, urlFor, adminUrl } = benchSettings();
// Optional: MiB of incompressible bytea on top of pgbench's data (which compresses ~55x,
// so the default dump is only ~5 MiB and the encryption/upload path barely shows).
const randomMB = Number(process.env.BENCH_RANDOM_MB ?? 0);
const bucket = "bench-backups";


const dbName = `bench_backup_${Date.now()}_${randomBytes(3).toString("hex")}`;
const dbUrl = urlFor(dbName);

type WorkerResult = {
  seconds: number;
  dumpBytes: number;
  storedBytes: number;
  sha256: string;
  vmHwmKB?: number;
  maxSampledRssMB: number;
  phasesMs: Record<string, { start: number; end?: number }>;
};


const admin = <T>(fn: (c: pg.Client) => Promise<T>) => withAdmin(adminUrl, "bench:backup", fn);

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-backup-"));
  let s3: EmbeddedS3 | undefined;
  let created = false;
  const cleanup = async () => {
    if (s3) await s3.close().catch(() => {});
    s3 = undefined;
    if (created) {
      created = false;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch((e: unknown) =>
        console.error(`Could not drop database ${dbName}: ${String(e)}`),
      );
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const serverMajor = await admin(async (c) => {
      await c.query(`CREATE DATABASE "${dbName}"`);
      created = true;
      const r = await c.query<{ n: string }>("SELECT current_setting('server_version_num') AS n");
      return Math.floor(Number(r.rows[0]!.n) / 10000);
    });
    const childEnv = { ...process.env, PGAPPNAME: "bench:backup" };
    console.log(`Database ${dbName} on ${host}:${port} (PostgreSQL ${serverMajor}); pgbench -i -s ${scale}${randomMB ? ` + ${randomMB} MiB random bytea` : ""} …`);
    const pgbench = existsSync(`/usr/lib/postgresql/${serverMajor}/bin/pgbench`) ? `/usr/lib/postgresql/${serverMajor}/bin/pgbench` : "pgbench";
    const tInit = performance.now();
    await run(pgbench, ["-i", "-q", "-s", String(scale), "-h", host, "-p", String(port), "-U", user, dbName], { env: childEnv, maxBuffer: 16 << 20 });
    const sizeBytes = await (async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      try {
        if (randomMB > 0) {
          await c.query(
            `CREATE TABLE bench_random AS SELECT g AS id, (SELECT string_agg(decode(md5(random()::text || g::text || i::text), 'hex'), ''::bytea) FROM generate_series(1, 256) i) AS payload FROM generate_series(1, $1::int) g`,
            [randomMB * 256],
          );
        }
        await c.query("VACUUM ANALYZE");
        const r = await c.query<{ s: string }>("SELECT pg_database_size(current_database()) AS s");
        return Number(r.rows[0]!.s);
      } finally {
        await c.end();
      }
    })();
    console.log(`  loaded in ${f((performance.now() - tInit) / 1000, 1)} s, database size ${f(mb(sizeBytes), 0)} MiB`);

    const pgDump = findPgTool("pg_dump", { serverMajor });
    const dumpVersion = await toolVersion(pgDump);
    console.log(`pg_dump: ${pgDump} (${dumpVersion.full})`);

    s3 = await startEmbeddedS3({ directory: path.join(tmp, "s3"), port: 0, buckets: [bucket] });
    const store = createObjectStore({ endpoint: s3.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket, forcePathStyle: true });
    await store.checkBucket();
    console.log(`S3: ${s3.endpoint} bucket ${bucket} (s3rver in this process, files in ${tmp})`);

    const passphraseFile = path.join(tmp, "backup-passphrase");
    writeFileSync(passphraseFile, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });

    const pgDumpRun = () => timeProcess(pgDump, ["-Fc", "-f", "/dev/null", "--no-sync", "--no-password", `--dbname=${dbUrl}`], childEnv).then((r) => r.seconds);
    const productRun = async (round: number): Promise<WorkerResult & { wallSeconds: number }> => {
      const backupId = `bench-${round}-${randomBytes(4).toString("hex")}`;
      const key = backupObjectKey({ prefix: "bench/", database: dbName, backupId, at: new Date() });
      const r = await timeProcess(
        process.execPath,
        ["--import", "tsx", path.join(here, "worker.ts"), `--url=${dbUrl}`, `--key=${key}`, `--passphrase-file=${passphraseFile}`, `--endpoint=${s3!.endpoint}`, `--bucket=${bucket}`, `--backup-id=${backupId}`],
        { ...childEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      );
      const line = r.stdout.trim().split("\n").pop() ?? "";
      const w = JSON.parse(line) as WorkerResult;
      // Keep the temp directory small: each round writes a fresh object.
      await store.delete(key).catch(() => {});
      await store.delete(manifestKeyFor(key)).catch(() => {});
      return { ...w, wallSeconds: r.seconds };
    };

    // Warm-up (not counted): page cache, tsx compile cache, S3 server JIT.
    console.log("Warm-up (not counted) …");
    await pgDumpRun();
    await productRun(0);

    const dumpSamples: number[] = [];
    const productSamples: WorkerResult[] = [];
    const productWall: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      // Alternate which goes first, so drift (cache, thermal, background) hits both.
      const order = i % 2 ? ["pg_dump", "product"] : ["product", "pg_dump"];
      for (const which of order) {
        if (which === "pg_dump") {
          const s = await pgDumpRun();
          dumpSamples.push(s);
          console.log(`  round ${i}: pg_dump  ${f(s)} s`);
        } else {
          const w = await productRun(i);
          productSamples.push(w);
          productWall.push(w.wallSeconds);
          console.log(`  round ${i}: product  ${f(w.wallSeconds)} s (performBackup ${f(w.seconds)} s), peak RSS ${f((w.vmHwmKB ?? 0) / 1024, 0)} MB`);
        }
      }
    }

    // The product's number is one backup as the long-running worker runs it
    // (performBackup: snapshot, counts, dump, encrypt, upload, re-read, manifest). The
    // bench's worker process also pays node + tsx start-up, which the product's worker
    // pays once, not per backup; that whole-process ratio is printed too.
    const pgDumpSeconds = median(dumpSamples);
    const productSeconds = median(productSamples.map((w) => w.seconds));
    const ratio = productSeconds / pgDumpSeconds;
    const processRatio = median(productWall) / pgDumpSeconds;
    const peakRssMB = Math.max(...productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024));
    const last = productSamples[productSamples.length - 1]!;
    const dumpBytes = last.dumpBytes;
    const storedBytes = last.storedBytes;

    const row = (name: string, samples: number[], unit = "s") =>
      `${name.padEnd(30)} ${f(median(samples)).padStart(8)} ${unit}   [${samples.map((x) => f(x)).join(", ")}]`;
    const phase = (name: string) => productSamples.map((w) => {
      const p = w.phasesMs[name];
      return p && p.end !== undefined ? (p.end - p.start) / 1000 : NaN;
    });
    console.log("");
    console.log(`Results (scale ${scale}${randomMB ? ` + ${randomMB} MiB random` : ""}, ${rounds} rounds, median [samples])`);
    console.log("-".repeat(78));
    console.log(row("pg_dump -Fc -f /dev/null", dumpSamples));
    console.log(row("product backup (worker process)", productWall));
    console.log(row("  performBackup() only", productSamples.map((w) => w.seconds)));
    console.log(row("    before upload (snapshot+count)", productSamples.map((w) => (w.phasesMs.upload?.start ?? NaN) / 1000)));
    console.log(row("    dump+encrypt+upload", phase("upload")));
    console.log(row("    HeadObject", phase("head")));
    console.log(row("    verify re-download", phase("verifyDownload")));
    console.log(row("    manifest PutObject", phase("manifest")));
    console.log(row("  worker start-up + exit", productSamples.map((w, i) => productWall[i]! - w.seconds)));
    console.log(row("peak RSS of worker (VmHWM)", productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024), "MB"));
    console.log(`dump bytes ${dumpBytes} (${f(mb(dumpBytes), 1)} MiB), stored bytes ${storedBytes} (${f(mb(storedBytes), 1)} MiB), overhead ${storedBytes - dumpBytes} B`);
    console.log(`throughput: pg_dump ${f(mb(dumpBytes) / pgDumpSeconds, 1)} MiB/s of dump, product ${f(mb(dumpBytes) / productSeconds, 1)} MiB/s`);
    console.log("-".repeat(78));
    const ratioOk = ratio <= targets.ratio;
    const rssOk = peakRssMB <= targets.peakRssMB;
    console.log(`ratio product/pg_dump ${f(ratio, 3)} (target <= ${targets.ratio}): ${ratioOk ? "met" : "MISSED"}`);
    console.log(`  (with a fresh worker process per backup: ${f(processRatio, 3)})`);
    console.log(`peak RSS ${f(peakRssMB, 1)} MB (target <= ${targets.peakRssMB} MB): ${rssOk ? "met" : "MISSED"}`);
    if (!ratioOk || !rssOk) console.log("TARGET MISSED: see above.");
    console.log(
      JSON.stringify({
        pgDumpSeconds,
        productSeconds,
        ratio,
        processRatio,
        peakRssMB,
        dumpBytes,
        storedBytes,
        scale,
        randomMB,
        targets,
        meetsTargets: ratioOk && rssOk,
        samples: { pgDumpSeconds: dumpSamples, productSeconds: productSamples.map((w) => w.seconds), workerProcessSeconds: productWall, peakRssMB: productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024) },
      }),
    );
  } finally {
    await cleanup();
  }
}

runBench("bench:backup", repoRoot, main);
