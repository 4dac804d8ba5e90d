import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensurePassphrase, ensureSecretFile, readPassphrase } from "../crypto/passphrase";
import { toolProblems } from "../compliance/system-status";
import { createDb } from "../db";
import { migrate } from "../db/migrate";
import { env } from "../env";
import { errorMessage } from "../errors";
import { defaultPlanFile, loadPlanFile } from "../plan/load-plan";
import { recordPlanVersion } from "../plan/record-plan-version";
import { authSecret, dataDir, secretsDir, settings, type EmbeddedS3File } from "../settings";
import { ensureDemoUsers } from "./demo-users";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { startEmbeddedS3, type EmbeddedS3 } from "./s3-server";

// `npm start`: everything the product needs, on loopback, from one command. Services
// that the environment names are used as they are; the others run embedded here.

const log = (line: string) => console.log(`[dr] ${line}`);

async function main(): Promise<void> {
  let e: ReturnType<typeof env>;
  let plan: ReturnType<typeof loadPlanFile>;
  try {
    e = env();
    plan = loadPlanFile(path.resolve(e.DR_PLAN_FILE ?? defaultPlanFile));
  } catch (err) {
    console.error(`[dr] cannot start: ${errorMessage(err)}`);
    process.exit(1);
  }
  const dir = dataDir();
  const secrets = secretsDir(dir);
  mkdirSync(secrets, { recursive: true, mode: 0o700 });

  let pg: RunningPostgres | undefined;
  let s3: EmbeddedS3 | undefined;
  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : undefined)));
    await s3?.close().catch(() => {});
    await pg?.stop().catch(() => {});
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    if (!e.DATABASE_URL) {
      pg = await startEmbeddedPostgres({ dataDir: dir, secretsDir: secrets, port: e.EMBEDDED_PG_PORT, log });
      log(`embedded PostgreSQL on 127.0.0.1:${pg.connection.port}${pg.created ? " (new; demo data loaded)" : ""}`);
    }
    if (!e.S3_ENDPOINT && !e.S3_BUCKET) {
      const bucket = plan.repositories[0]!.bucket;
      s3 = await startEmbeddedS3({ directory: path.join(dir, "s3"), port: e.EMBEDDED_S3_PORT, buckets: [bucket] });
      const file: EmbeddedS3File = { endpoint: s3.endpoint, region: plan.repositories[0]!.region, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket };
      writeFileSync(path.join(secrets, "s3.json"), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      log(`embedded S3 at ${s3.endpoint}, bucket ${bucket}`);
    }
    if (!e.BACKUP_PASSPHRASE_FILE && ensurePassphrase(path.join(secrets, "backup-passphrase")).created) {
      log(`generated the backup passphrase in ${path.join(secrets, "backup-passphrase")}: keep a copy outside this machine`);
    }
    if (!e.NEXTAUTH_SECRET && !e.DATABASE_URL && ensureSecretFile(path.join(secrets, "auth-secret"))) log("generated the session secret");
    authSecret();
    const s = settings();
    readPassphrase(s.passphraseFile);
    for (const problem of await toolProblems(s)) log(`WARNING: ${problem}`);
    const m = await migrate(s.databaseUrl);
    if (m.applied.length) log(`applied migrations: ${m.applied.join(", ")}`);
    const db = createDb(s.databaseUrl);
    try {
      if ((await recordPlanVersion(db, s.planFile)) === "changed") log(`the plan file changed since the last start (recorded in the audit trail)`);
      const demo = pg ? await ensureDemoUsers(db, secrets) : null;
      if (demo) {
        log(`demo users (shown once; also in ${path.join(secrets, "demo-users.json")}):`);
        for (const u of demo) log(`  ${u.role.padEnd(12)} ${u.email.padEnd(24)} ${u.password}`);
      }
    } finally {
      await db.$disconnect();
    }
  } catch (err) {
    console.error(`[dr] cannot start: ${errorMessage(err)}`);
    await shutdown(1);
    return;
  }

  // The SDK warns that its releases after January 2027 need Node 22; the lockfile pins one that runs on 20.
  const childEnv = {
    ...process.env,
    DR_DATA_DIR: dir,
    NEXTAUTH_URL: e.NEXTAUTH_URL ?? `http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const startWorkerProcess = () => {
    const w = spawn(process.execPath, ["--import", "tsx", path.join("lib", "jobs", "worker-main.ts")], { env: childEnv, stdio: "inherit" });
    children.push(w);
    w.on("exit", (code, signal) => {
      children.splice(children.indexOf(w), 1);
      if (stopping) return;
      log(`worker exited (${signal ?? code}); restarting in 2 s`);
      setTimeout(startWorkerProcess, 2000);
    });
  };
  startWorkerProcess();

  const web = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(e.PORT), "-H", e.HOST], {
    env: childEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(web);
  web.on("exit", (code) => {
    children.splice(children.indexOf(web), 1);
    if (!stopping) {
      log(`web server exited (${code}); stopping`);
      void shutdown(code ?? 1);
    }
  });
  log(`DR control plane at http://${e.HOST === "0.0.0.0" ? "localhost" : e.HOST}:${e.PORT} (data in ${dir})`);
}

void main();
