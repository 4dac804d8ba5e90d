import type { ActionResult } from "../action-result";
import { db } from "../db";
import { isAppError, publicMessage } from "../errors";
import type { Actor } from "./actor";
import { authorize } from "./authorize";
import type { Permission } from "./permissions";
import { sessionActor } from "./session";

// The body of every server action: the guard first, then the domain call; errors come
// back as a result (server actions must not throw at the browser).
export async function guardedAction<T>(permission: Permission, run: (actor: Actor) => Promise<T>, context: { component?: string } = {}): Promise<ActionResult<T>> {
  try {
    const actor = await authorize(db(), await sessionActor(), permission, context);
    return { ok: true, data: await run(actor) };
  } catch (e) {
    if (!isAppError(e)) console.error(e);
    return { ok: false, code: isAppError(e) ? e.code : "internal", error: publicMessage(e) };
  }
}
