import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { signIn } from "./sign-in";

// "Back up now" end to end: Overview -> live progress -> Backups inventory -> detail
// manifest, signed in as the demo engineer, against the launcher's embedded PostgreSQL (seeded demo database
// `osint_audit`) and embedded S3, in the data folder playwright.config.ts made.

const components = [
  { id: "frontend-service", name: "Frontend Service", backedUp: false },
  { id: "backend-api", name: "Backend API", backedUp: false },
  { id: "postgresql-database", name: "PostgreSQL Database", backedUp: true },
  { id: "redis-cache", name: "Redis Cache", backedUp: false },
  { id: "mcp-servers", name: "MCP Servers", backedUp: false },
  { id: "investigation-data", name: "Investigation Data", backedUp: true },
  { id: "audit-logs", name: "Audit Logs", backedUp: true },
];

// Row counts of the demo data lib/embedded/osint-seed.ts loads.
const seededRows: Record<string, string> = {
  "audit.api_key_usage": "20,000",
  "audit.compliance_assessments": "500",
  "audit.events": "100,000",
  "audit.investigations": "10,000",
  "audit.recovery_events": "12",
};

// Opt-in: E2E_SHOTS_DIR=/tmp/e2e-shots keeps full-page screenshots at desktop and phone sizes.
const shotsDir = process.env.E2E_SHOTS_DIR;
const viewports = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
];
async function shoot(page: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  const original = page.viewportSize();
  for (const v of viewports) {
    await page.setViewportSize({ width: v.width, height: v.height });
    // Let ResizeObserver-driven content (the chart) re-layout before the page is measured.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 3_000 })
      .catch(() => {}); // a real horizontal overflow then shows in the screenshot
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(shotsDir, `${name}-${v.label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

// Holds an ACCESS EXCLUSIVE lock on one demo table, so a backup that has been requested
// cannot get past counting rows: it stays queued/running until release(). That makes
// "a second request while the first is active" deterministic instead of a race with a
// one-second backup.
async function holdDemoTableLock(table: string): Promise<{ release(): Promise<void> }> {
  const dir = process.env.E2E_DR_DATA_DIR;
  if (!dir) throw new Error("E2E_DR_DATA_DIR is not set: run through playwright.config.ts");
  const conn = JSON.parse(readFileSync(path.join(dir, "secrets", "postgres.json"), "utf8")) as { host: string; port: number; user: string; password: string };
  const client = new pg.Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: "osint_audit", application_name: "e2e lock" });
  await client.connect();
  // Safety net: PostgreSQL drops the lock itself if this test dies while holding it.
  await client.query("SET idle_in_transaction_session_timeout = '30s'");
  await client.query("BEGIN");
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query("ROLLBACK").catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

test("Back up now: progress, inventory and manifest of the seeded demo database", async ({ page }) => {
  // "Back up now" needs the backup.create permission: an engineer, through the real form.
  await signIn(page, "engineer");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  // The seven components of the plan, in order, with their exact names.
  const rows = page.locator("tr[data-component]");
  await expect(rows).toHaveCount(components.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-component")))).toEqual(components.map((c) => c.id));
  for (const c of components) {
    const row = page.locator(`tr[data-component="${c.id}"]`);
    await expect(row.locator("td").first().getByRole("link")).toHaveText(c.name, { useInnerText: true });
    const button = row.getByRole("button", { name: `Back up ${c.name} now`, exact: true });
    if (c.backedUp) {
      await expect(button).toBeVisible();
      await expect(button).toHaveText("Back up now");
      await expect(button).toBeEnabled();
    } else {
      await expect(row.getByRole("button")).toHaveCount(0);
    }
  }

  const row = page.locator('tr[data-component="postgresql-database"]');
  const button = row.getByRole("button", { name: "Back up PostgreSQL Database now", exact: true });
  const progress = row.getByTestId("backup-progress");

  const lock = await holdDemoTableLock("audit.recovery_events");
  let backupId: string;
  try {
    await button.click();
    // Appears while the backup is waiting or working (it cannot finish: the lock holds it).
    await expect(progress).toBeVisible({ timeout: 15_000 });
    await expect(progress).toHaveAttribute("data-status", /^(queued|running)$/);
    const href = await progress.getByRole("link", { name: "details" }).getAttribute("href");
    backupId = /^\/backups\/([0-9a-f-]{36})$/.exec(href ?? "")?.[1] ?? "";
    expect(backupId, `details link ${href}`).not.toBe("");

    // A second request for the same component while the first is active is refused.
    await button.click();
    const alert = row.getByRole("alert");
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("is already");
    await expect(alert).toContainText("PostgreSQL Database");
    await expect(alert).toContainText(backupId);
    await expect(progress).toHaveAttribute("data-status", /^(queued|running)$/);
  } finally {
    await lock.release();
  }

  // Released: the backup runs to the end and is verified (stored object re-read and hashed).
  await expect(progress).toHaveAttribute("data-status", "verified", { timeout: 60_000 });
  await expect(progress).toContainText("stored and checked");
  // The page refreshes its server data: the "Newest verified backup" cell links to this one.
  await expect(row.locator("td").nth(4).locator(`a[href="/backups/${backupId}"]`)).toBeVisible();
  await expect(row.locator("td").nth(5).locator("[data-status]")).toHaveAttribute("data-status", "ok");
  await shoot(page, "overview");

  // Inventory: the row for this backup, verified.
  await page.getByRole("navigation").getByRole("link", { name: "Backups", exact: true }).click();
  await expect(page).toHaveURL(/\/backups$/);
  await expect(page.getByRole("heading", { name: "Backups", level: 1 })).toBeVisible();
  const inventoryRow = page.getByTestId("inventory").locator(`tr[data-backup="${backupId}"]`);
  await expect(inventoryRow).toBeVisible();
  const statusCell = inventoryRow.locator("td").nth(4);
  await expect(statusCell.locator("[data-status]").first()).toHaveAttribute("data-status", "verified");
  await expect(statusCell).toHaveText("verified");
  await expect(inventoryRow.locator("td").first()).toContainText("PostgreSQL Database");
  await expect(inventoryRow.locator("td").first()).toContainText("ui");
  await shoot(page, "backups");

  // Detail: the manifest's exact row counts of the seeded demo data.
  await inventoryRow.getByRole("link", { name: "PostgreSQL Database" }).click();
  await expect(page).toHaveURL(new RegExp(`/backups/${backupId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("PostgreSQL Database backup");
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "verified");
  const manifest = page.getByTestId("manifest-tables");
  await expect(manifest).toBeVisible();
  await expect(manifest.locator("tbody tr")).toHaveCount(Object.keys(seededRows).length);
  for (const [table, rowsText] of Object.entries(seededRows)) {
    const cells = manifest.locator(`tr[data-table="${table}"] td`);
    await expect(cells).toHaveText([table.split(".")[0]!, table.split(".")[1]!, rowsText]);
  }
  await expect(page.getByTestId("sha256")).toHaveText(/^[0-9a-f]{64}$/);
  await shoot(page, "detail");
});
