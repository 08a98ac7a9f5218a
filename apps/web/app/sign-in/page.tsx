import { redirect } from "next/navigation";
import { oauthProviders } from "@/features/auth/server/auth-options";
import { SignInForm } from "@/features/auth/components/sign-in-form";
import { getPageActor } from "@/lib/server-only/session";
import { safeCallbackUrl } from "@/features/auth/callback-url";

export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getPageActor()) redirect(target);
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-6 px-6 py-20">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Layerwise</h1>
      <SignInForm callbackUrl={target} providers={oauthProviders()} initialError={error} />
    </main>
  );
}
