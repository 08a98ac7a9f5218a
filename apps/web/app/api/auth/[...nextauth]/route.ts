import NextAuth from "next-auth";
import { authOptions } from "@/features/auth/server/auth-options";

export const dynamic = "force-dynamic";

// Options are built per request on first use so that `next build` needs no environment.
function handler(
  req: Request,
  context: { params: Promise<{ nextauth: string[] }> },
): Promise<Response> {
  return NextAuth(authOptions())(req, context) as Promise<Response>;
}

export { handler as GET, handler as POST };
