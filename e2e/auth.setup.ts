import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { signedInRoles, signIn, storageStatePath } from "./sign-in";

// Signs in once per role through the real form and keeps the session cookie for the
// specs (storageState) and for direct HTTP calls (e2e/sign-in.ts sessionRequest).
for (const role of signedInRoles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, role);
    mkdirSync(path.dirname(storageStatePath(role)), { recursive: true });
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
