import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL, demoUsers, signIn, storageStatePath, waitForBackup } from "./sign-in";

// Sign-in, sign-out, what a viewer sees, and API tokens end to end. Failed sign-ins
// count towards the throttle's lock (10 per 15 minutes per address; every test comes
// from 127.0.0.1): this file makes exactly one.

const components = ["frontend-service", "backend-api", "postgresql-database", "redis-cache", "mcp-servers", "investigation-data", "audit-logs"];
const csvHeader = "id,event_type,event_timestamp,recovery_id,component,status,duration_seconds,data_recovered_gb,operator,actor_role,source,notes,details,hash";
const anonymous = { cookies: [], origins: [] };

test.describe("viewer", () => {
  test.use({ storageState: storageStatePath("viewer") });

  test("reads the Overview without Back up now, Tokens or Users; reads the audit trail and its CSV", async ({ page }) => {
    const viewer = demoUsers().viewer;
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText(viewer.email);
    await expect(page.getByTestId("signed-in-as")).toContainText("viewer");
    const rows = page.locator("tr[data-component]");
    await expect(rows).toHaveCount(components.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-component")))).toEqual(components);
    await expect(page.getByRole("button", { name: /^Back up .* now$/ })).toHaveCount(0);
    await expect(page.getByText("Back up now", { exact: true })).toHaveCount(0);

    const nav = page.getByRole("navigation");
    for (const name of ["Overview", "Backups", "Audit"]) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    for (const name of ["Tokens", "Users"]) await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);

    await nav.getByRole("link", { name: "Audit", exact: true }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { name: "Audit trail", level: 1 })).toBeVisible();
    const events = page.getByTestId("audit-events").locator("tr[data-event-type]");
    await expect(events.first()).toBeVisible();
    // The viewer's own sign-in (e2e/auth.setup.ts) is there.
    await expect(events.filter({ hasText: viewer.email }).and(page.locator('[data-event-type="auth.sign_in"]')).first()).toBeVisible();

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    expect(href).toBe("/api/audit/export");
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers()["content-disposition"]).toMatch(/^attachment; filename="audit-events-\d{8}T\d{6}Z\.csv"$/);
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toBe(csvHeader);
    expect(text).toContain(`auth.sign_in`);
    expect(text).toContain(viewer.email);
  });
});

test.describe("signed out", () => {
  test.use({ storageState: anonymous });

  test("a wrong password shows exactly one message and stays on /signin", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(demoUsers().viewer.email);
    await page.getByLabel("Password").fill("definitely-not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // (Next.js keeps an empty role=alert route announcer outside <main>.)
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toHaveCount(1);
    await expect(alert).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/signin(\?.*)?$/);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  });

  test("sign out ends the session: / then redirects to /signin", async ({ page }) => {
    await signIn(page, "engineer");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await page.getByTestId("signed-in-as").getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin(\?.*)?$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin(\?.*)?$/);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  });

  test("an anonymous visit to /backups redirects to /signin", async ({ page }) => {
    await page.goto("/backups");
    await expect(page).toHaveURL(/\/signin(\?.*)?$/);
    await expect(page.getByRole("heading", { name: "DR Control Plane", level: 1 })).toBeVisible();
    await expect(page.getByLabel("Email")).toBeVisible();
  });
});

test.describe("coordinator", () => {
  test.use({ storageState: storageStatePath("coordinator") });

  let api: APIRequestContext;
  test.beforeAll(async () => {
    api = await playwrightRequest.newContext({ baseURL: baseURL() });
  });
  test.afterAll(async () => {
    await api.dispose();
  });

  async function createToken(page: Page, email: string, name: string): Promise<string> {
    await page.getByLabel("Acts as user").selectOption(email);
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const status = page.getByRole("status");
    await expect(status).toContainText(`Token for ${email}`);
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^drcp_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId("tokens").locator("tr[data-token]").filter({ hasText: name })).toContainText("active");
    return token;
  }

  test("creates tokens on /tokens; they act with their user's role; a revoked token gets 401", async ({ page }) => {
    const stamp = Date.now().toString(36);
    await page.goto("/tokens");
    await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();

    const engineerName = `e2e engineer ${stamp}`;
    const engineerToken = await createToken(page, "engineer@dr.local", engineerName);
    const viewerToken = await createToken(page, "viewer@dr.local", `e2e viewer ${stamp}`);

    const post = (token: string) => api.post("/api/v1/backups", { headers: { Authorization: `Bearer ${token}` }, data: { component: "investigation-data" } });
    const accepted = await post(engineerToken);
    expect(accepted.status(), await accepted.text()).toBe(202);
    const backup = (await accepted.json()) as { id: string; component: string; trigger: string; requestedBy: string; status: string };
    expect(backup.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(backup).toMatchObject({ component: "investigation-data", trigger: "api", requestedBy: "engineer@dr.local", status: "queued" });
    // Let it finish, so no later test meets "already queued" for this component.
    expect(await waitForBackup(api, engineerToken, backup.id)).toBe("verified");

    const refused = await post(viewerToken);
    expect(refused.status(), await refused.text()).toBe(403);

    const row = page.getByTestId("tokens").locator("tr[data-token]").filter({ hasText: engineerName });
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    const afterRevoke = await post(engineerToken);
    expect(afterRevoke.status(), await afterRevoke.text()).toBe(401);
    expect(afterRevoke.headers()["www-authenticate"]).toContain("Bearer");
  });
});
