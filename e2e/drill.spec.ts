import { expect, test, type Page } from "@playwright/test";
import { shoot } from "./shots";
import { storageStatePath } from "./sign-in";

// Restores end to end, signed in as the demo engineer: the plan's "Database backup
// restoration test" run by hand from /drills (newest verified backup of PostgreSQL
// Database -> scratch database -> validated -> dropped), its measured duration on the
// drills table, the component's RTO chart and the Overview's RTO status; and a restore
// into a scratch database from a backup's own page, with its integrity checks.

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStatePath("engineer") });

// The Overview's "Newest verified backup" of PostgreSQL Database, made with "Back up now"
// when there is none yet. Returns its id.
async function verifiedDatabaseBackup(page: Page): Promise<string> {
  await page.goto("/");
  const row = page.locator('tr[data-component="postgresql-database"]');
  const link = row.locator("td").nth(4).locator('a[href^="/backups/"]');
  if ((await link.count()) === 0) {
    await row.getByRole("button", { name: "Back up PostgreSQL Database now", exact: true }).click();
    await expect(row.getByTestId("backup-progress")).toHaveAttribute("data-status", "verified", { timeout: 90_000 });
  }
  await expect(link).toBeVisible();
  const id = /^\/backups\/([0-9a-f-]{36})$/.exec((await link.getAttribute("href")) ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

test("Run drill now: live progress to validated, duration on Drills, RTO chart and status", async ({ page }) => {
  await verifiedDatabaseBackup(page);

  // A failed or overdue drill shows on the Overview; its link leads to /drills.
  const banner = page.getByTestId("drill-banner");
  if (await banner.isVisible()) {
    await expect(banner).toHaveAttribute("role", "alert");
    await expect(banner).toContainText("Database backup restoration test");
    await shoot(page, "overview-drill-banner");
    await banner.getByRole("link", { name: "Open Drills" }).click();
  } else {
    await page.getByRole("navigation").getByRole("link", { name: "Drills", exact: true }).click();
  }
  await expect(page).toHaveURL(/\/drills$/);
  await expect(page.getByRole("heading", { name: "Drills", level: 1 })).toBeVisible();

  const card = page.locator('section[data-test="monthly-restore-test"]');
  await expect(card.getByRole("heading", { name: "Database backup restoration test" })).toBeVisible();
  await expect(card).toContainText("PostgreSQL Database");
  await expect(card).toContainText("0 3 8 * *");
  await expect(card).toContainText("(UTC)");

  await card.getByRole("button", { name: "Run drill now" }).click();
  const progress = card.getByTestId("restore-progress");
  await expect(progress).toBeVisible({ timeout: 15_000 });
  const restoreId = (await progress.getAttribute("data-restore")) ?? "";
  expect(restoreId).toMatch(/^[0-9a-f-]{36}$/);
  // Either caught while it works or already done: a drill of the demo data takes seconds.
  await expect(progress).toHaveAttribute("data-status", /^(queued|downloading|restoring|validating|validated)$/);
  await expect(progress).toHaveAttribute("data-status", "validated", { timeout: 120_000 });
  await expect(progress).toContainText("restored and checked in");

  // The page refreshed: the drill is in the table with its duration; its scratch copy dropped.
  const row = page.getByTestId("drills").locator(`tr[data-restore="${restoreId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "validated");
  await expect(row).toContainText("PostgreSQL Database");
  await expect(row.getByTestId("restore-duration")).toHaveText(/^\d+(\.\d)? s$|^\d+ min$/);
  await expect(row).toContainText("dropped");
  await expect(row).toContainText(/osint_audit_restore_\d{8}_\d{6}_\d{3}/);
  await expect(card.getByTestId("last-result").locator("[data-status]")).toHaveAttribute("data-status", "validated");
  await expect(card.getByTestId("drill-flags").locator('[data-status="overdue"], [data-status="failed"]')).toHaveCount(0);
  await shoot(page, "drills");

  // The component page: its RTO chart has a point for this drill.
  await page.goto("/components/postgresql-database");
  await expect(page.getByRole("heading", { name: "PostgreSQL Database", level: 1 })).toBeVisible();
  const chart = page.getByTestId("rto-chart");
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg .recharts-dot.rto-point").first()).toBeVisible();
  expect(Number(await chart.getAttribute("data-points"))).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("rto-status").locator("[data-status]")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("component-restores").locator(`tr[data-restore="${restoreId}"]`)).toBeVisible();
  await shoot(page, "component");

  // Overview: a restore of seconds against a 30 min target is "ok"; no drill banner now.
  await page.goto("/");
  const overviewRow = page.locator('tr[data-component="postgresql-database"]');
  const rto = overviewRow.locator("td").nth(6).locator("[data-status]");
  await expect(rto).toHaveAttribute("data-status", "ok");
  await expect(rto).toHaveAttribute("title", /against a 30 min target/);
  await expect(page.getByTestId("drill-banner")).toHaveCount(0);
  // The component name links to its page.
  await overviewRow.getByRole("link", { name: "PostgreSQL Database", exact: true }).click();
  await expect(page).toHaveURL(/\/components\/postgresql-database$/);
});

test("Restore… from a backup's page into a scratch database: validated, every check ok", async ({ page }) => {
  const backupId = await verifiedDatabaseBackup(page);
  await page.goto(`/backups/${backupId}`);
  const panel = page.getByTestId("restore-panel");
  await panel.getByRole("button", { name: "Restore…" }).click();
  await expect(panel.getByLabel("Scratch database (default)")).toBeChecked();
  // Over the original is for coordinators only.
  await expect(panel.getByText("Over the original database")).toHaveCount(0);
  await shoot(page, "restore-panel");
  await panel.getByRole("button", { name: "Start restore" }).click();

  const progress = panel.getByTestId("restore-progress");
  await expect(progress).toBeVisible({ timeout: 15_000 });
  const restoreId = (await progress.getAttribute("data-restore")) ?? "";
  await expect(progress).toHaveAttribute("data-status", "validated", { timeout: 120_000 });
  // The page's own list of this backup's restores has it.
  await expect(page.getByTestId("backup-restores").locator(`tr[data-restore="${restoreId}"]`)).toHaveAttribute("data-status", "validated");

  await progress.getByRole("link", { name: "details" }).click();
  await expect(page).toHaveURL(new RegExp(`/restores/${restoreId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("PostgreSQL Database restore");
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "validated");
  await expect(page.getByTestId("target-database")).toHaveText(/^osint_audit_restore_\d{8}_\d{6}_\d{3}$/);
  await expect(page.getByTestId("measured-duration")).toHaveText(/^\d+(\.\d)? s$|^\d+ min$/);
  const checks = page.getByTestId("integrity-checks").locator("tbody tr");
  expect(await checks.count()).toBeGreaterThan(5);
  await expect(page.getByTestId("integrity-checks").locator('tbody tr[data-ok="false"]')).toHaveCount(0);
  const events = page.getByTestId("integrity-checks").locator('tr[data-check="rows in audit.events"] td');
  await expect(events).toHaveText(["rows in audit.events", "100000", "100000", "ok"]);
  await shoot(page, "restore");
});

test("Over the original: coordinators only, and only once the database name is typed", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath("coordinator") });
  try {
    const page = await context.newPage();
    const backupId = await verifiedDatabaseBackup(page);
    await page.goto(`/backups/${backupId}`);
    const panel = page.getByTestId("restore-panel");
    await panel.getByRole("button", { name: "Restore…" }).click();
    await panel.getByLabel("Over the original database osint_audit").check();
    const replace = panel.getByRole("button", { name: "Replace osint_audit" });
    await expect(replace).toBeDisabled();
    await panel.getByLabel("Type osint_audit to confirm").fill("osint_audi");
    await expect(replace).toBeDisabled();
    await expect(panel.getByLabel("End other sessions connected to osint_audit")).not.toBeChecked();
    await shoot(page, "restore-original");
    // Never submitted: a restore over osint_audit would replace the demo data the other specs count.
    await panel.getByLabel("Type osint_audit to confirm").fill("osint_audit");
    await expect(replace).toBeEnabled();
    await panel.getByRole("button", { name: "Cancel" }).click();
    await expect(replace).toHaveCount(0);
  } finally {
    await context.close();
  }
});
