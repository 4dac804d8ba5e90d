import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// next-auth 4 builds its handler from options read at request time (settings come
// from the data folder or the environment, not from build time).
const handler: Handler = (req, ctx) => (NextAuth(authOptions()) as Handler)(req, ctx);

export { handler as GET, handler as POST };
