"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { createApiToken, revokeApiToken, type TokenView } from "@/lib/auth/api-tokens";
import { guardedAction } from "@/lib/auth/guarded-action";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

const createInput = z.object({ userEmail: z.string().trim().email("Choose the user the token acts for."), name: z.string().trim().max(80).optional() });

// The raw token is in this one response and nowhere else.
export async function createTokenAction(raw: { userEmail: string; name?: string }): Promise<ActionResult<{ token: string; view: TokenView }>> {
  return guardedAction("token.manage", async (actor) => {
    const parsed = createInput.safeParse(raw);
    if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message);
    const created = await createApiToken(db(), actor, parsed.data);
    revalidatePath("/tokens");
    return created;
  });
}

export async function revokeTokenAction(raw: { tokenId: string }): Promise<ActionResult<TokenView>> {
  return guardedAction("token.manage", async (actor) => {
    const parsed = z.object({ tokenId: z.string().uuid("Unknown token.") }).safeParse(raw);
    if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message);
    const view = await revokeApiToken(db(), actor, parsed.data.tokenId);
    revalidatePath("/tokens");
    return view;
  });
}
