import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "./env";
import { authSecret } from "./settings";

const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

describe("the session secret", () => {
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("is required outside the embedded demo", () => {
    withEnv({ DATABASE_URL: "postgresql://dr@db.internal/dr", NEXTAUTH_SECRET: undefined });
    expect(() => authSecret()).toThrow(
      "NEXTAUTH_SECRET is not set. Outside the embedded demo (DATABASE_URL is set) the session secret must be given: NEXTAUTH_SECRET=$(openssl rand -base64 32).",
    );
  });

  it("must be long enough", () => {
    withEnv({ DATABASE_URL: "postgresql://dr@db.internal/dr", NEXTAUTH_SECRET: "short" });
    expect(() => authSecret()).toThrow("NEXTAUTH_SECRET: use at least 32 random characters (openssl rand -base64 32)");
  });

  it("comes from the environment when given", () => {
    withEnv({ DATABASE_URL: "postgresql://dr@db.internal/dr", NEXTAUTH_SECRET: "x".repeat(40) });
    expect(authSecret()).toBe("x".repeat(40));
  });

  it("is the generated file in the embedded demo", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drcp-secret-"));
    try {
      const secrets = path.join(dir, "secrets");
      mkdirSync(secrets);
      writeFileSync(path.join(secrets, "auth-secret"), "generated-secret-value\n", { mode: 0o600 });
      withEnv({ DATABASE_URL: undefined, NEXTAUTH_SECRET: undefined, DR_DATA_DIR: dir });
      expect(authSecret()).toBe("generated-secret-value");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
