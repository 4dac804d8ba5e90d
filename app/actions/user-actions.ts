"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { guardedAction } from "@/lib/auth/guarded-action";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { changeRole, createUser, resetPassword, setDisabled, type UserView } from "@/lib/users/manage-users";

const userId = z.string().uuid("Unknown user.");
const role = z.enum(["viewer", "engineer", "coordinator"], { message: "Choose viewer, engineer or coordinator." });

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message);
  return parsed.data;
}

// The generated password is in this one response and nowhere else.
export async function createUserAction(raw: { email: string; name: string; role: string }): Promise<ActionResult<{ user: UserView; password: string }>> {
  return guardedAction("user.manage", async (actor) => {
    const created = await createUser(db(), actor, parse(z.object({ email: z.string(), name: z.string(), role }), raw));
    revalidatePath("/users");
    return created;
  });
}

export async function changeRoleAction(raw: { userId: string; role: string }): Promise<ActionResult<UserView>> {
  return guardedAction("user.manage", async (actor) => {
    const input = parse(z.object({ userId, role }), raw);
    const user = await changeRole(db(), actor, input.userId, input.role);
    revalidatePath("/users");
    return user;
  });
}

export async function setUserDisabledAction(raw: { userId: string; disabled: boolean }): Promise<ActionResult<UserView>> {
  return guardedAction("user.manage", async (actor) => {
    const input = parse(z.object({ userId, disabled: z.boolean() }), raw);
    const user = await setDisabled(db(), actor, input.userId, input.disabled);
    revalidatePath("/users");
    return user;
  });
}

export async function resetPasswordAction(raw: { userId: string }): Promise<ActionResult<{ user: UserView; password: string }>> {
  return guardedAction("user.manage", async (actor) => {
    const input = parse(z.object({ userId }), raw);
    return resetPassword(db(), actor, input.userId);
  });
}
