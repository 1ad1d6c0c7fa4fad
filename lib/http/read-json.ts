// Reads a JSON request body with a size cap and validates it with a zod schema, so a
// route handler either gets typed data or a ready 4xx response to return.

import type { z } from "zod";
import { API_BODY_MAX_BYTES, bodyTooLarge } from "./body-limit";
import { jsonError } from "./json-error";

export type ReadResult<T> = { ok: true; data: T } | { ok: false; response: Response };

export interface ReadJsonOptions {
  /** Largest body accepted, in bytes (default API_BODY_MAX_BYTES, 16 KiB). */
  maxBytes?: number;
}

function fail<T>(status: number, code: string, message: string): ReadResult<T> {
  return { ok: false, response: jsonError(status, code, message) };
}

// Requiring a JSON content type is also a CSRF guard: a cross-site HTML form can only send
// form or text bodies, while a cross-site fetch with application/json needs a CORS preflight.
function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** The body as text, or null once it passes `maxBytes` (reading stops there). */
async function readCapped(request: Request, maxBytes: number): Promise<string | null> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: ReadJsonOptions = {},
): Promise<ReadResult<z.output<S>>> {
  const maxBytes = options.maxBytes ?? API_BODY_MAX_BYTES;
  if (!isJsonType(request.headers.get("content-type"))) {
    return fail(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  // Content-Length is only a hint (it can be absent or wrong), so the read below counts too;
  // checking it first just avoids reading a body that announces itself as too large.
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = bodyTooLarge(maxBytes);
  if (Number.isFinite(declared) && declared > maxBytes) return fail(413, tooLarge.code, tooLarge.message);

  let text: string | null;
  try {
    text = await readCapped(request, maxBytes);
  } catch {
    return fail(400, "invalid_body", "The request body could not be read.");
  }
  if (text === null) return fail(413, tooLarge.code, tooLarge.message);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(400, "invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) return fail(422, "validation_failed", describeIssues(parsed.error));
  return { ok: true, data: parsed.data };
}
