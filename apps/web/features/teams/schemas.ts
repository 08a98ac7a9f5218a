import { z } from "zod";

export const ZRole = z.enum(["owner", "editor", "viewer"], {
  message: "The role must be owner, editor or viewer.",
});
export type TRole = z.infer<typeof ZRole>;

export const ZTeamName = z
  .string({ message: "Enter a team name." })
  .trim()
  .min(1, { message: "Enter a team name." })
  .max(60, { message: "A team name has at most 60 characters." });

export const ZCreateTeamInput = z.object({ name: ZTeamName });
export const ZRenameTeamInput = z.object({ name: ZTeamName });

export const ZCreateInviteInput = z.object({
  email: z
    .string({ message: "Enter the email address to invite." })
    .trim()
    .max(254, { message: "An email address has at most 254 characters." })
    .pipe(z.email({ message: "Enter a valid email address." }))
    .transform((value) => value.toLowerCase()),
  role: ZRole,
});
export type TCreateInviteInput = z.infer<typeof ZCreateInviteInput>;

export const ZAcceptInviteInput = z.object({
  token: z
    .string({ message: "The invite link is incomplete." })
    .regex(/^[A-Za-z0-9_-]{20,100}$/, { message: "The invite link is malformed." }),
});

export const ZChangeRoleInput = z.object({ role: ZRole });
