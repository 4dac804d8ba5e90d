import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { db } from "../db";
import type { Actor } from "./actor";
import { actorFromBearer } from "./api-tokens";
import { authOptions, clientAddress } from "./auth-options";

// The signed-in person, read fresh from the database once per request: a role change
// or a disabled account takes effect at once, whatever the session cookie says.
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  const user = await db().user.findUnique({ where: { id: session.user.id } });
  if (!user || user.disabled) return null;
  return { operator: user.email, role: user.role, source: "ui", userId: user.id, address: clientAddress(await headers()) };
});

// Route handlers: a bearer token when one is sent (machine API), else the session.
export async function requestActor(req: Request, o: { session: boolean }): Promise<Actor | null> {
  const auth = req.headers.get("authorization");
  if (auth !== null || !o.session) return actorFromBearer(db(), auth, clientAddress(req.headers));
  return sessionActor();
}
