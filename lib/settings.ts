import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env";
import { AppError } from "./errors";
import { defaultPlanFile, loadPlanFile } from "./plan/load-plan";
import type { Plan } from "./plan/plan-schema";

// Where the control plane finds its state database, the protected databases, S3 and the
// passphrase. Explicit environment wins; anything unset falls back to the embedded
// services whose connection files the launcher wrote under the data folder. The same
// resolution serves the web server, the worker and the CLI, so all three agree.

export type S3Settings = {
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  bucket: string;
  forcePathStyle: boolean;
};

export type Settings = {
  dataDir: string;
  /** Where restores stage the downloaded object and the decrypted dump. */
  workDir: string;
  planFile: string;
  plan: Plan;
  databaseUrl: string;
  protectedDatabaseUrl: string;
  /** Server that restores write to (scratch and original databases). */
  restoreServerUrl: string;
  s3: S3Settings;
  passphraseFile: string;
  pgBinDir?: string;
  embedded: { postgres: boolean; s3: boolean };
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string; roleClaim: string; roleMap: string; defaultRole: "none" | "viewer" | "engineer" | "coordinator" };
};

export type EmbeddedPostgresFile = { host: string; port: number; user: string; password: string; stateDatabase: string };
export type EmbeddedS3File = { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; bucket: string };

export function secretsDir(dataDir: string): string {
  return path.join(dataDir, "secrets");
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ env().DR_DATA_DIR);
}

function readJsonPath(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new AppError(
      "unavailable",
      `${what} is not configured and ${file} does not exist: start the product with "npm start" (embedded defaults), or set the environment variables listed in the README.`,
    );
  }
  return file;
}

function readJson<T>(file: string, what: string): T {
  return JSON.parse(readFileSync(readJsonPath(file, what), "utf8")) as T;
}

export function postgresUrl(c: { host: string; port: number; user: string; password: string }, database: string): string {
  return `postgresql://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${encodeURIComponent(database)}`;
}

// The session secret: the embedded demo keeps a generated one; a real deployment
// (DATABASE_URL set) must give NEXTAUTH_SECRET, and the web server refuses to start without.
export function authSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.DATABASE_URL) {
    throw new AppError("validation", "NEXTAUTH_SECRET is not set. Outside the embedded demo (DATABASE_URL is set) the session secret must be given: NEXTAUTH_SECRET=$(openssl rand -base64 32).");
  }
  return readFileSync(readJsonPath(path.join(secretsDir(dataDir()), "auth-secret"), "NEXTAUTH_SECRET"), "utf8").trim();
}

let cached: Settings | undefined;

export function settings(): Settings {
  if (cached) return cached;
  const e = env();
  const dir = dataDir();
  const secrets = secretsDir(dir);
  const planFile = path.resolve(/*turbopackIgnore: true*/ e.DR_PLAN_FILE ?? defaultPlanFile);
  const plan = loadPlanFile(planFile);

  const embeddedPg = !e.DATABASE_URL;
  const pg = embeddedPg ? readJson<EmbeddedPostgresFile>(path.join(secrets, "postgres.json"), "DATABASE_URL") : undefined;
  const databaseUrl = e.DATABASE_URL ?? postgresUrl(pg!, pg!.stateDatabase);
  const protectedDatabaseUrl =
    e.PROTECTED_DATABASE_URL ?? (pg ? postgresUrl(pg, "osint_audit") : e.DATABASE_URL!);

  const embeddedS3 = !e.S3_ENDPOINT && !e.S3_BUCKET;
  const primary = plan.repositories[0]!;
  const s3: S3Settings = embeddedS3
    ? { ...readJson<EmbeddedS3File>(path.join(secrets, "s3.json"), "S3_ENDPOINT"), forcePathStyle: true }
    : {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION ?? primary.region,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        bucket: e.S3_BUCKET ?? primary.bucket,
        forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === "true" : Boolean(e.S3_ENDPOINT),
      };

  const oidcVars = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    throw new AppError("validation", "Single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or none of them).");
  }
  const oidc = e.OIDC_ISSUER
    ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET!, name: e.OIDC_NAME, roleClaim: e.OIDC_ROLE_CLAIM, roleMap: e.OIDC_ROLE_MAP, defaultRole: e.OIDC_DEFAULT_ROLE }
    : undefined;

  cached = {
    dataDir: dir,
    workDir: path.resolve(/*turbopackIgnore: true*/ e.DR_WORK_DIR ?? path.join(dir, "work")),
    planFile,
    plan,
    databaseUrl,
    protectedDatabaseUrl,
    restoreServerUrl: e.RESTORE_DATABASE_URL ?? protectedDatabaseUrl,
    s3,
    passphraseFile: path.resolve(/*turbopackIgnore: true*/ e.BACKUP_PASSPHRASE_FILE ?? path.join(secrets, "backup-passphrase")),
    pgBinDir: e.PG_BIN_DIR,
    embedded: { postgres: embeddedPg, s3: embeddedS3 },
    oidc,
  };
  return cached;
}

export function resetSettingsCache(): void {
  cached = undefined;
}

// The protected database URL pointed at one named database on the same server.
export function databaseUrlFor(baseUrl: string, database: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
