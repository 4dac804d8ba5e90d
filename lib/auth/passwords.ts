import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

// bcrypt with cost 12 (~250 ms here): slow enough to resist guessing, fast enough to sign in.
const cost = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// 20 characters from an alphabet without look-alikes (about 114 bits).
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

// A bcrypt hash to compare against when the account does not exist, so that a wrong
// email costs the same time as a wrong password.
export const decoyHash = bcrypt.hashSync("decoy-password-never-matches", cost);
