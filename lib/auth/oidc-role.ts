import type { Role } from "../generated/prisma/enums";

const rank: Record<Role, number> = { viewer: 1, engineer: 2, coordinator: 3 };

// "dr-coordinators=coordinator,dr-engineers=engineer" -> map of claim value to role.
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [value, role] = pair.split("=").map((s) => s.trim());
    if (!value || !role || !(role in rank)) throw new Error(`OIDC_ROLE_MAP entry "${pair}" must look like group=viewer|engineer|coordinator`);
    map.set(value, role as Role);
  }
  return map;
}

// The highest role any of the claim's values maps to; the default when none does
// ("none" refuses the sign-in).
export function roleFromClaims(claims: Record<string, unknown>, claim: string, map: Map<string, Role>, fallback: Role | "none"): Role | null {
  const raw = claims[claim];
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  const mapped = values.map((v) => map.get(v)).filter((r): r is Role => r !== undefined);
  if (mapped.length) return mapped.sort((a, b) => rank[b] - rank[a])[0]!;
  return fallback === "none" ? null : fallback;
}
