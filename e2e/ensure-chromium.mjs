// Makes sure the Chromium that playwright.config.ts launches exists. Playwright cannot
// download its own browsers here, so the end-to-end tests use the system Chromium
// (Debian package `chromium`). Prints nothing when the binary is already present.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";

const debianChromium = "/usr/bin/chromium";
const chromium = process.env.CHROMIUM_PATH || debianChromium;

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(cmd) {
  return (process.env.PATH || "/usr/sbin:/usr/bin:/sbin:/bin").split(":").some((d) => d && executable(`${d}/${cmd}`));
}

function fail(message) {
  console.error(`[e2e] ${message}`);
  process.exit(1);
}

// Streams the command's output; stops with its exit code when it fails.
function run(cmd, args) {
  console.log(`[e2e] $ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.error) fail(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed (${r.signal ? `signal ${r.signal}` : `exit code ${r.status}`}).`);
}

// apt-get needs package lists; a fresh image often has none.
function aptListsPresent() {
  try {
    return readdirSync("/var/lib/apt/lists").some((f) => f.endsWith("_Packages") || f.endsWith("_Packages.lz4"));
  } catch {
    return false;
  }
}

if (!executable(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (chromium !== debianChromium) {
    fail(`CHROMIUM_PATH is ${chromium}, which is not an executable file. Point it at a Chromium binary or unset it to use ${debianChromium}.`);
  }
  if (!isRoot || !onPath("apt-get")) {
    fail(
      `Chromium is not installed at ${chromium}; the end-to-end tests need it (Playwright cannot download its own browsers here).\n` +
        `      Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y chromium\n` +
        `      or set CHROMIUM_PATH to an existing Chromium/Chrome binary.`,
    );
  }
  console.log(`[e2e] ${chromium} is missing; installing the Debian package chromium`);
  if (!aptListsPresent()) run("apt-get", ["update"]);
  const install = ["install", "-y", "chromium"];
  const first = spawnSync("apt-get", install, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (first.status !== 0) {
    // Stale package lists (404 for an old version) are the usual cause: refresh once and retry.
    run("apt-get", ["update"]);
    run("apt-get", install);
  }
  if (!executable(chromium)) fail(`apt-get installed chromium but ${chromium} is still missing${existsSync(chromium) ? " or not executable" : ""}.`);
  console.log(`[e2e] installed ${chromium}`);
}
