import { z } from "zod";

// The one place that reads process.env. Every variable is optional: without them the
// product runs on its embedded defaults (see lib/settings.ts).
const optionalUrl = z.string().url().optional();
const port = z.coerce.number().int().min(1).max(65535);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DR_DATA_DIR: z.string().min(1).default(".dr-data"),
  DR_PLAN_FILE: z.string().min(1).optional(),
  DR_WORK_DIR: z.string().min(1).optional(),
  DATABASE_URL: optionalUrl,
  PROTECTED_DATABASE_URL: optionalUrl,
  RESTORE_DATABASE_URL: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  BACKUP_PASSPHRASE_FILE: z.string().min(1).optional(),
  PG_BIN_DIR: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: port.default(54329),
  EMBEDDED_S3_PORT: port.default(54330),
  NEXTAUTH_SECRET: z.string().min(32, "use at least 32 random characters (openssl rand -base64 32)").optional(),
  NEXTAUTH_URL: optionalUrl,
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("Single sign-on"),
  OIDC_ROLE_CLAIM: z.string().min(1).default("groups"),
  OIDC_ROLE_MAP: z.string().default(""),
  OIDC_DEFAULT_ROLE: z.enum(["none", "viewer", "engineer", "coordinator"]).default("viewer"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

// Parsed once; a bad value stops the process with the variable's name.
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

// For tests that change variables between cases.
export function resetEnvCache(): void {
  cached = undefined;
}
