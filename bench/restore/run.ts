// Restore benchmark: the seed's plain-SQL restore (gunzip -c dump.sql.gz | psql) against
// the product's performRestore (S3 download -> SHA-256 -> OpenPGP decrypt -> pg_restore
// --jobs N -> row counts + integrity checks) of a backup of the same pgbench database.
// See bench/restore/README.md.
//
//   npm run bench:restore
//   BENCH_SCALE=20 BENCH_ROUNDS=3 BENCH_PG_HOST=127.0.0.1 BENCH_PG_PORT=5432 npm run bench:restore
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { benchSettings, runBench, f, load, mb, median, timeProcess, withAdmin } from "../bench-lib";
import { performBackup } from "../../lib/backup/perform-backup";
import { startEmbeddedS3, type EmbeddedS3 } from "../../lib/embedded/s3-server";
import { createObjectStore } from "../../lib/storage/object-store";
import { backupObjectKey, manifestKeyFor } from "../../lib/storage/object-keys";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const target = 0.7;
const { scale, rounds, host, port, user, urlFor, adminUrl } = benchSettings();
const bucket = "bench-restores";


const stamp = `${Date.now()}_${randomBytes(3).toString("hex")}`;
const srcDb = `bench_restore_${stamp}`;

type WorkerResult = { seconds: number; bootMs: number; importMs: number; marks: Record<string, number>; checks: number; dataBytes: number; vmHwmKB?: number };


const admin = <T>(fn: (c: pg.Client) => Promise<T>) => withAdmin(adminUrl, "bench:restore", fn);

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-restore-"));
  const created = new Set<string>();
  let s3: EmbeddedS3 | undefined;
  const dropDb = async (db: string) => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
    created.delete(db);
  };
  const cleanup = async () => {
    if (s3) await s3.close().catch(() => {});
    s3 = undefined;
    for (const db of [...created]) await dropDb(db).catch((e: unknown) => console.error(`Could not drop database ${db}: ${String(e)}`));
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
      await c.query(`CREATE DATABASE "${srcDb}"`);
      created.add(srcDb);
      const r = await c.query<{ n: string }>("SELECT current_setting('server_version_num') AS n");
      return Math.floor(Number(r.rows[0]!.n) / 10000);
    });
    const childEnv = { ...process.env, PGAPPNAME: "bench:restore" };
    const bin = (tool: string) => (existsSync(`/usr/lib/postgresql/${serverMajor}/bin/${tool}`) ? `/usr/lib/postgresql/${serverMajor}/bin/${tool}` : tool);
    const conn = ["-h", host, "-p", String(port), "-U", user];
    console.log(`Source ${srcDb} on ${host}:${port} (PostgreSQL ${serverMajor}); pgbench -i -s ${scale} …  load ${load()}`);
    const tInit = performance.now();
    await run(bin("pgbench"), ["-i", "-q", "-s", String(scale), ...conn, srcDb], { env: childEnv, maxBuffer: 16 << 20 });
    await run(bin("psql"), [...conn, "-q", "-d", srcDb, "-c", "VACUUM ANALYZE"], { env: childEnv });
    console.log(`  loaded in ${f((performance.now() - tInit) / 1000, 1)} s`);

    // (a) the seed's plain SQL dump, made once, not timed.
    const sqlGz = path.join(tmp, "dump.sql.gz");
    await run("bash", ["-o", "pipefail", "-c", `"$PGDUMP" -h "$H" -p "$P" -U "$U" "$DB" | gzip > "$OUT"`], {
      env: { ...childEnv, PGDUMP: bin("pg_dump"), H: host, P: String(port), U: user, DB: srcDb, OUT: sqlGz },
    });
    const sqlGzBytes = statSync(sqlGz).size;

    // (b) one product backup of the same data, made once, not timed.
    s3 = await startEmbeddedS3({ directory: path.join(tmp, "s3"), port: 0, buckets: [bucket] });
    const store = createObjectStore({ endpoint: s3.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket, forcePathStyle: true });
    await store.checkBucket();
    const passphraseFile = path.join(tmp, "backup-passphrase");
    const passphrase = randomBytes(32).toString("base64url");
    writeFileSync(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
    const backupId = `bench-${randomBytes(4).toString("hex")}`;
    const key = backupObjectKey({ prefix: "bench/", database: srcDb, backupId, at: new Date() });
    const manifestKey = manifestKeyFor(key);
    const backup = await performBackup({
      backupId,
      component: { id: "bench", kind: "database" },
      url: urlFor(srcDb),
      database: srcDb,
      // pgbench-appropriate check, re-run by the restore's validation.
      integrityChecks: [{ name: "balances", sql: "SELECT sum(abalance)::text AS accounts, (SELECT sum(bbalance) FROM pgbench_branches)::text AS branches FROM pgbench_accounts" }],
      store,
      key,
      manifestKey,
      passphrase,
    });
    console.log(`Seed dump: ${f(mb(sqlGzBytes), 1)} MiB gzipped SQL.  Product backup: ${f(mb(backup.dumpBytes), 1)} MiB pg_dump -Fc, ${f(mb(backup.sizeBytes), 1)} MiB stored (S3 ${s3.endpoint})`);
    const workDir = path.join(tmp, "work");
    mkdirSync(workDir, { mode: 0o700 });

    let n = 0;
    const freshName = (kind: string) => `bench_restore_${stamp}_${kind}${++n}`;
    const seedRun = async (): Promise<number> => {
      const db = freshName("seed");
      created.add(db);
      // Timed: create the database + restore, as two processes as an operator would run them.
      const t0 = performance.now();
      await run(bin("psql"), [...conn, "-q", "-d", "postgres", "-c", `CREATE DATABASE "${db}"`], { env: childEnv });
      await run("bash", ["-o", "pipefail", "-c", `gunzip -c "$IN" | "$PSQL" -q -v ON_ERROR_STOP=1 -h "$H" -p "$P" -U "$U" -d "$DB" > /dev/null`], {
        env: { ...childEnv, IN: sqlGz, PSQL: bin("psql"), H: host, P: String(port), U: user, DB: db },
        maxBuffer: 16 << 20,
      });
      const s = (performance.now() - t0) / 1000;
      await dropDb(db);
      return s;
    };
    const productRun = async (): Promise<WorkerResult & { wallSeconds: number }> => {
      const db = freshName("product");
      created.add(db); // performRestore creates it; dropped by us afterwards (or at cleanup)
      const r = await timeProcess(
        process.execPath,
        [
          "--import", "tsx", path.join(here, "worker.ts"),
          `--server-url=${adminUrl}`, `--key=${key}`, `--manifest-key=${manifestKey}`, `--sha256=${backup.sha256}`, `--size=${backup.sizeBytes}`,
          `--passphrase-file=${passphraseFile}`, `--endpoint=${s3!.endpoint}`, `--bucket=${bucket}`, `--database=${db}`, `--work-dir=${workDir}`,
        ],
        { ...childEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      );
      const w = JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as WorkerResult;
      await dropDb(db);
      return { ...w, wallSeconds: r.seconds };
    };

    console.log(`Warm-up (not counted) …  load ${load()}`);
    await seedRun();
    await productRun();

    const seedSamples: number[] = [];
    const productSamples: (WorkerResult & { wallSeconds: number })[] = [];
    const loads: string[] = [];
    for (let i = 1; i <= rounds; i++) {
      const order = i % 2 ? ["seed", "product"] : ["product", "seed"];
      for (const which of order) {
        if (which === "seed") {
          const s = await seedRun();
          seedSamples.push(s);
          console.log(`  round ${i}: seed     ${f(s)} s   load ${load()}`);
        } else {
          const w = await productRun();
          productSamples.push(w);
          console.log(`  round ${i}: product  ${f(w.wallSeconds)} s (performRestore ${f(w.seconds)} s), peak RSS ${f((w.vmHwmKB ?? 0) / 1024, 0)} MB   load ${load()}`);
        }
      }
      loads.push(load());
    }

    const seedSeconds = median(seedSamples);
    // One restore as the product's long-running worker runs it (performRestore); the
    // bench's fresh worker process per run also pays node + tsx start-up, shown apart.
    const productWall = productSamples.map((w) => w.wallSeconds);
    const productSeconds = median(productSamples.map((w) => w.seconds));
    const ratio = productSeconds / seedSeconds;
    const processRatio = median(productWall) / seedSeconds;
    const peakRssMB = Math.max(...productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024));
    const span = (a: string, b: string) => productSamples.map((w) => ((w.marks[b] ?? NaN) - (w.marks[a] ?? NaN)) / 1000);

    const row = (name: string, samples: number[], unit = "s") =>
      `${name.padEnd(40)} ${f(median(samples)).padStart(8)} ${unit}   [${samples.map((x) => f(x)).join(", ")}]`;
    console.log("");
    console.log(`Results (pgbench scale ${scale}, ${rounds} rounds, median [samples])`);
    console.log("-".repeat(86));
    console.log(row("seed: createdb + gunzip | psql", seedSamples));
    console.log(row("product restore (worker process)", productWall));
    console.log(row("  node + tsx start-up, imports", productSamples.map((w) => (w.bootMs + w.importMs) / 1000)));
    console.log(row("  performRestore() only", productSamples.map((w) => w.seconds)));
    console.log(row("    checks (manifest, versions, disk)", productSamples.map((w) => (w.marks.downloading ?? NaN) / 1000)));
    console.log(row("    download + SHA-256", span("downloading", "downloadEnd")));
    console.log(row("    decrypt (OpenPGP) to file", span("downloadEnd", "restoring")));
    console.log(row("    create db + pg_restore --jobs", span("restoring", "validating")));
    console.log(row("    validate (counts + checks)", span("validating", "end")));
    console.log(row("  process exit, other", productSamples.map((w) => w.wallSeconds - w.seconds - (w.bootMs + w.importMs) / 1000)));
    console.log(row("peak RSS of worker (VmHWM)", productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024), "MB"));
    console.log(`seed dump ${sqlGzBytes} B gzipped SQL; product dump ${backup.dumpBytes} B, stored ${backup.sizeBytes} B; jobs = min(4, ${os.availableParallelism()} cores)`);
    console.log(`load average after each round: ${loads.join(" | ")}`);
    console.log("-".repeat(86));
    const meetsTarget = ratio <= target;
    console.log(`ratio product/seed ${f(ratio, 3)} (target <= ${target}): ${meetsTarget ? "met" : "MISSED"}`);
    console.log(`  (with a fresh worker process per restore: ${f(processRatio, 3)})`);
    console.log(
      JSON.stringify({
        seedSeconds,
        productSeconds,
        ratio,
        processRatio,
        target,
        meetsTarget,
        peakRssMB,
        dumpBytes: backup.dumpBytes,
        storedBytes: backup.sizeBytes,
        seedDumpGzBytes: sqlGzBytes,
        scale,
        loadAvg: os.loadavg(),
        samples: { seedSeconds: seedSamples, productSeconds: productSamples.map((w) => w.seconds), workerProcessSeconds: productWall, peakRssMB: productSamples.map((w) => (w.vmHwmKB ?? 0) / 1024) },
      }),
    );
  } finally {
    await cleanup();
  }
}

runBench("bench:restore", repoRoot, main);
