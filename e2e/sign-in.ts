import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";

// Signing in for the end-to-end tests: the demo users the launcher made, the real
// /signin form, and per-role session cookies (storageState files written once per run by
// e2e/auth.setup.ts) for direct HTTP calls that bypass the UI.

export type Role = "viewer" | "engineer" | "coordinator";
export const signedInRoles: readonly Role[] = ["viewer", "engineer", "coordinator"];
export type DemoUser = { email: string; password: string; role: Role };

export function dataDir(): string {
  const dir = process.env.E2E_DR_DATA_DIR;
  if (!dir) throw new Error("E2E_DR_DATA_DIR is not set: run through playwright.config.ts");
  return dir;
}

export function baseURL(): string {
  return process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
}

// secrets/demo-users.json, written by lib/embedded/demo-users.ts at the launcher's first start.
export function demoUsers(): Record<Role, DemoUser> {
  const list = JSON.parse(readFileSync(path.join(dataDir(), "secrets", "demo-users.json"), "utf8")) as DemoUser[];
  const byRole = Object.fromEntries(list.map((u) => [u.role, u])) as Record<Role, DemoUser>;
  for (const r of signedInRoles) if (!byRole[r]) throw new Error(`demo-users.json has no ${r}`);
  return byRole;
}

// Through the real form. Every failed sign-in counts towards the throttle's lock (10 per
// 15 minutes per address, and all tests come from 127.0.0.1): this helper only ever
// uses the right password.
export async function signIn(page: Page, role: Role): Promise<DemoUser> {
  const user = demoUsers()[role];
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(user.email, { timeout: 20_000 });
  await expect(page.getByTestId("signed-in-as")).toContainText(role);
  return user;
}

// Where e2e/auth.setup.ts keeps each role's cookies (outputDir is emptied at every run start).
export function storageStatePath(role: Role): string {
  return path.join(process.cwd(), "test-results", ".auth", `${role}.json`);
}

// An HTTP client carrying that role's session cookie ("anonymous": none). Dispose it.
export async function sessionRequest(role: Role | "anonymous"): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: baseURL(), storageState: role === "anonymous" ? undefined : storageStatePath(role) });
}

// An API token for a user, made by the product's own CLI against the launcher's database.
export async function cliToken(email: string, name: string): Promise<{ token: string; id: string }> {
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "dr", "--", "token", "create", "--user", email, "--name", name, "--json"], {
    cwd: process.cwd(),
    env: { ...process.env, DR_DATA_DIR: dataDir(), EMBEDDED_PG_PORT: "54411", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    timeout: 60_000,
  });
  const out = JSON.parse(stdout) as { token: string; id: string };
  if (!/^drcp_/.test(out.token)) throw new Error(`token create printed ${stdout}`);
  return out;
}

const terminal = new Set(["verified", "failed"]);

// Waits until a backup has finished (through the machine API, with a token that may read
// backups), so later tests never meet "already queued/running" by accident.
export async function waitForBackup(api: APIRequestContext, token: string, id: string, timeoutMs = 90_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await api.get(`/api/v1/backups/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status(), await r.text()).toBe(200);
    const status = ((await r.json()) as { status: string }).status;
    if (terminal.has(status)) return status;
    if (Date.now() > until) throw new Error(`backup ${id} still ${status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

const restoreTerminal = new Set(["validated", "failed"]);

// Waits until a restore or drill has ended (machine API, a token that may read restores).
export async function waitForRestore(api: APIRequestContext, token: string, id: string, timeoutMs = 120_000): Promise<{ status: string; error: string | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await api.get(`/api/v1/restores/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status(), await r.text()).toBe(200);
    const body = (await r.json()) as { status: string; error: string | null };
    if (restoreTerminal.has(body.status)) return body;
    if (Date.now() > until) throw new Error(`restore ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 500));
  }
}
