import { z } from "zod";

export const ZVersionMessage = z
  .string({ message: "Describe the version in a few words." })
  .trim()
  .min(1, { message: "Describe the version in a few words." })
  .max(200, { message: "A version message has at most 200 characters." });

export const ZCreateVersionInput = z.object({ message: ZVersionMessage });
