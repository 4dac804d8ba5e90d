import { describe, expect, it } from "vitest";
import { parseRoleMap, roleFromClaims } from "./oidc-role";

const map = parseRoleMap("dr-coordinators=coordinator, dr-engineers=engineer,leadership=viewer");

describe("OIDC role mapping", () => {
  it.each([
    [{ groups: ["dr-engineers"] }, "engineer"],
    [{ groups: ["leadership", "dr-coordinators", "dr-engineers"] }, "coordinator"],
    [{ groups: "dr-engineers other" }, "engineer"],
    [{ groups: ["marketing"] }, "viewer"],
    [{}, "viewer"],
  ])("%j -> %s", (claims, role) => {
    expect(roleFromClaims(claims, "groups", map, "viewer")).toBe(role);
  });

  it("refuses unmapped users when the default is none", () => {
    expect(roleFromClaims({ groups: ["marketing"] }, "groups", map, "none")).toBeNull();
  });

  it("reads another claim when told", () => {
    expect(roleFromClaims({ roles: ["dr-coordinators"] }, "roles", map, "none")).toBe("coordinator");
  });

  it("names a bad map entry", () => {
    expect(() => parseRoleMap("admins=root")).toThrow('OIDC_ROLE_MAP entry "admins=root" must look like group=viewer|engineer|coordinator');
  });
});
