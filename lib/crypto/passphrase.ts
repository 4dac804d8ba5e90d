import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

// The backup passphrase is a file, not a setting, so an operator can hand it to gpg
// (`gpg --passphrase-file`) without the control plane.

export function readPassphrase(file: string): string {
  if (!existsSync(file)) {
    throw new AppError("unavailable", `Backup passphrase file ${file} does not exist; set BACKUP_PASSPHRASE_FILE or start with "npm start" to generate one.`);
  }
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0) {
    throw new AppError("validation", `Backup passphrase file ${file} is readable by group or others; run: chmod 600 ${file}`);
  }
  const text = readFileSync(file, "utf8").replace(/\r?\n$/, "");
  if (text.length < 16) throw new AppError("validation", `Backup passphrase in ${file} is shorter than 16 characters; use a longer one.`);
  return text;
}

// Writes 32 random bytes (base64url) to a new 0600 file; false when the file exists.
export function ensureSecretFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return true;
}

// A new passphrase only when none exists: replacing it would orphan every backup.
export function ensurePassphrase(file: string): { created: boolean } {
  return { created: ensureSecretFile(file) };
}
