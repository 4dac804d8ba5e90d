import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

// Opt-in: E2E_SHOTS_DIR=/tmp/e2e-shots keeps full-page screenshots at desktop and phone sizes.
const viewports = [
  { label: "1440x900", width: 1440, height: 900 },
  { label: "390x844", width: 390, height: 844 },
];

export async function shoot(page: Page, name: string): Promise<void> {
  const shotsDir = process.env.E2E_SHOTS_DIR;
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  const original = page.viewportSize();
  for (const v of viewports) {
    await page.setViewportSize({ width: v.width, height: v.height });
    // Let ResizeObserver-driven content (charts) re-layout before the page is measured.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 3_000 }).catch(() => {});
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(shotsDir, `${name}-${v.label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
