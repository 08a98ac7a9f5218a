import { redirect } from "next/navigation";
import { SignUpForm } from "@/features/auth/components/sign-up-form";
import { getPageActor } from "@/lib/server-only/session";
import { safeCallbackUrl } from "@/features/auth/callback-url";

export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getPageActor()) redirect(target);
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-6 px-6 py-20">
      <h1 className="text-2xl font-semibold tracking-tight">Create your Layerwise account</h1>
      <SignUpForm callbackUrl={target} />
    </main>
  );
}
