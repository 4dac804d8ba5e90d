import type { Actor } from "../auth/actor";

// An actor for tests that exercise domain code below the guard.
export function testActor(source: Actor["source"] = "ui", role: Actor["role"] = "engineer"): Actor {
  return { operator: `test-${source}@dr.local`, role, source };
}
