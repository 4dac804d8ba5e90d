import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against the real product: `node --import tsx lib/embedded/start.ts`
// with embedded PostgreSQL + S3 in a fresh data folder, driven by the system Chromium
// (Playwright cannot download browsers here; e2e/ensure-chromium.mjs installs it).

const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
const base = new URL(baseURL);
const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(base.hostname) || /^127(\.\d{1,3}){3}$/.test(base.hostname);
if (base.protocol !== "http:" || !loopback || !base.port) {
  // The tests click "Back up now" and read the demo data: never aim them at a real deployment.
  throw new Error(`E2E base URL ${baseURL} is not a loopback http://host:port URL; the end-to-end tests only run against a local server they start themselves.`);
}

// This file is loaded by the runner and again by every worker process. The runner makes
// the data folder and hands it to workers (and the web server) through the environment;
// the runner removes it when it exits, after Playwright has stopped the web server
// (globalTeardown runs before the webServer is stopped, so it cannot do this).
if (!process.env.E2E_DR_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dr-e2e-"));
  process.env.E2E_DR_DATA_DIR = dir;
  process.on("exit", () => {
    if (process.env.E2E_KEEP_DATA) return;
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.error(`[e2e] could not remove ${dir}: ${String(e)}`);
    }
  });
}
const dataDir = process.env.E2E_DR_DATA_DIR;

const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// Settings that would point the product at outside services: unset, so the launcher
// always runs its own embedded PostgreSQL, S3 and plan (Node's spawn drops undefined values).
const unset = ["DATABASE_URL", "PROTECTED_DATABASE_URL", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET", "S3_FORCE_PATH_STYLE", "BACKUP_PASSPHRASE_FILE", "DR_PLAN_FILE"];

const browser = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1440, height: 900 },
  launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    navigationTimeout: 30_000,
  },
  projects: [
    // Signs in once per role through the real /signin form and saves each role's cookies
    // under test-results/.auth (e2e/auth.setup.ts); the specs and their direct HTTP calls reuse them.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: browser },
    { name: "chromium", dependencies: ["setup"], use: browser },
  ],
  webServer: {
    command: "node --import tsx lib/embedded/start.ts",
    url: `${baseURL}/api/system/health/database`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM to the server's process group: the launcher stops the worker and Next.js,
    // then its embedded PostgreSQL (fast shutdown); SIGKILL only after 30 s.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...(Object.fromEntries(unset.map((k) => [k, undefined])) as unknown as Record<string, string>),
      DR_DATA_DIR: dataDir,
      PORT: base.port,
      HOST: base.hostname.replace(/^\[|\]$/g, ""),
      EMBEDDED_PG_PORT: "54411",
      EMBEDDED_S3_PORT: "54412",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
