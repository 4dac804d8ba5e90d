import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createContext, type Context } from "../context";
import { createDb, type Db } from "../db";
import { migrate } from "../db/migrate";
import { loadPlanFile, defaultPlanFile } from "../plan/load-plan";
import type { Plan } from "../plan/plan-schema";
import { databaseUrlFor, type Settings } from "../settings";
import { startEmbeddedS3, type EmbeddedS3 } from "../embedded/s3-server";
import { createObjectStore, type ObjectStore } from "../storage/object-store";

// Real services for integration tests. The server is the machine's PostgreSQL unless
// TEST_PG_URL names another; only loopback servers are accepted, so a test can never
// create or drop databases somewhere that matters.
export const testPgUrl = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`Refusing to run tests against non-local PostgreSQL ${host}`);
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export async function adminQuery(sql: string, database = "postgres"): Promise<pg.QueryResult> {
  assertLocal(testPgUrl);
  const c = new pg.Client({ connectionString: databaseUrlFor(testPgUrl, database) });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

export async function createTestDatabase(prefix = "drcp_test"): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: databaseUrlFor(testPgUrl, name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export type TestS3 = { server: EmbeddedS3; dir: string; store: ObjectStore; bucket: string; close(): Promise<void> };

export async function startTestS3(bucket = "osint-dr-backups"): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), "drcp-s3-"));
  const server = await startEmbeddedS3({ directory: dir, port: 0, buckets: [bucket] });
  const store = createObjectStore({ endpoint: server.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket, forcePathStyle: true });
  return {
    server,
    dir,
    store,
    bucket,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function writeTestPassphrase(dir: string, passphrase = `test-passphrase-${randomBytes(8).toString("hex")}`): { file: string; passphrase: string } {
  const file = path.join(dir, "backup-passphrase");
  writeFileSync(file, `${passphrase}\n`, { mode: 0o600 });
  return { file, passphrase };
}

export type TestControlPlane = { ctx: Context; db: Db; stateDb: TestDatabase; s3: TestS3; dir: string; close(): Promise<void> };

// The default plan with its components pointed at another database (a test's own).
export function planForDatabase(database: string, plan = loadPlanFile(defaultPlanFile)): Plan {
  return { ...plan, components: plan.components.map((c) => (c.database ? { ...c, database } : c)) };
}

// A migrated state database, an S3 server and a passphrase, wired into a Context whose
// components live in the database that `protectedUrl` names.
export async function startTestControlPlane(o: { protectedUrl: string; plan?: Plan }): Promise<TestControlPlane> {
  const stateDb = await createTestDatabase("drcp_state");
  await migrate(stateDb.url);
  const s3 = await startTestS3();
  const dir = mkdtempSync(path.join(tmpdir(), "drcp-cp-"));
  const { file } = writeTestPassphrase(dir);
  const db = createDb(stateDb.url);
  const settings: Settings = {
    dataDir: dir,
    workDir: path.join(dir, "work"),
    planFile: defaultPlanFile,
    plan: o.plan ?? planForDatabase(decodeURIComponent(new URL(o.protectedUrl).pathname.slice(1))),
    databaseUrl: stateDb.url,
    protectedDatabaseUrl: o.protectedUrl,
    restoreServerUrl: o.protectedUrl,
    s3: { endpoint: s3.server.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", bucket: s3.bucket, forcePathStyle: true },
    passphraseFile: file,
    embedded: { postgres: false, s3: false },
  };
  const ctx = createContext(db, settings);
  return {
    ctx,
    db,
    stateDb,
    s3,
    dir,
    close: async () => {
      await db.$disconnect();
      await s3.close();
      await stateDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The tables and columns the default plan's integrity checks read, added to whatever a
// test created (a backup runs them and fails when they are missing).
export async function addPlanCheckColumns(database: string): Promise<void> {
  await adminQuery(
    `CREATE SCHEMA IF NOT EXISTS audit;
     CREATE TABLE IF NOT EXISTS audit.investigations (id serial PRIMARY KEY);
     ALTER TABLE audit.investigations ADD COLUMN IF NOT EXISTS target text, ADD COLUMN IF NOT EXISTS created_at timestamptz;
     CREATE TABLE IF NOT EXISTS audit.api_key_usage (id serial PRIMARY KEY);
     CREATE TABLE IF NOT EXISTS audit.events (id bigserial PRIMARY KEY);
     ALTER TABLE audit.events ADD COLUMN IF NOT EXISTS actor text, ADD COLUMN IF NOT EXISTS occurred_at timestamptz;
     CREATE TABLE IF NOT EXISTS audit.compliance_assessments (id serial PRIMARY KEY);
     CREATE TABLE IF NOT EXISTS audit.recovery_events (id serial PRIMARY KEY);`,
    database,
  );
}
