import "server-only";
import { HttpError } from "@/lib/server-only/errors";
import { MAX_UPLOAD_BYTES } from "../schemas";
import type { TDatasetUpload } from "./create-dataset";

/** Room for the form's boundaries and the name field around the zip. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads the multipart upload form (`file`, `name`). The declared length is checked before the
 * body is read, so an oversized upload is refused without buffering it.
 */
export async function readUploadForm(req: Request): Promise<TDatasetUpload> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type))
    throw new HttpError(
      415,
      "Send the dataset as multipart/form-data with fields 'file' and 'name'.",
    );
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES)
    throw new HttpError(
      413,
      `The upload is ${declared} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes.`,
    );
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new HttpError(
      400,
      "The upload form could not be read; send fields 'file' (a zip) and 'name'.",
    );
  }
  const file = form.get("file");
  const name = form.get("name");
  return {
    name: typeof name === "string" ? name : undefined,
    file: file !== null && typeof file !== "string" ? file : null,
  };
}
