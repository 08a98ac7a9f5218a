import { z } from "zod";

/** An email address, trimmed and lower-cased so that one person has one account. */
export const ZEmail = z
  .string({ message: "Enter your email address." })
  .trim()
  .max(254, { message: "An email address has at most 254 characters." })
  .pipe(z.email({ message: "Enter a valid email address." }))
  .transform((value) => value.toLowerCase());

/** A new password: long enough to resist guessing, short enough that hashing stays cheap. */
export const ZNewPassword = z
  .string({ message: "Choose a password." })
  .min(8, { message: "Use at least 8 characters for the password." })
  .max(200, { message: "A password has at most 200 characters." });

/** A person's display name. */
export const ZPersonName = z
  .string({ message: "Enter your name." })
  .trim()
  .min(1, { message: "Enter your name." })
  .max(80, { message: "A name has at most 80 characters." });

export const ZSignUpInput = z.object({ email: ZEmail, name: ZPersonName, password: ZNewPassword });
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZSignInInput = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((value) => value.toLowerCase()),
  password: z.string().max(200),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/** Error codes the sign-in form turns into messages (next-auth passes them as `error`). */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: "Email or password is incorrect.",
  RateLimited: "Too many sign-in attempts. Wait a few minutes and try again.",
} as const;
