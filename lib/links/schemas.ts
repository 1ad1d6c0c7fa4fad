// The shapes the HTTP API accepts, checked at the edge with zod. Only shape and gross size
// here; the rules of what makes a good link (scheme, code format, reserved words) are
// createLink's, with their own error codes.

import { z } from "zod";
import { clientIdField } from "@/lib/idempotency/client-id";
import { MAX_WATCHED_CODES } from "./watch-counts";
import { isPossibleCode } from "./validate";

export const createLinkBody = z.object({
  url: z.string({ error: "url is required and must be a string" }).max(8192, "url is too long"),
  // A form sends "" or null for "no custom code": both mean "generate one".
  code: z.string().max(256, "code is too long").nullish(),
  expireIn: z
    .number({ error: "expireIn must be a number of milliseconds" })
    .int("expireIn must be a whole number of milliseconds")
    .positive("expireIn must be positive")
    .nullish(),
  clientId: clientIdField,
});

export type CreateLinkBody = z.output<typeof createLinkBody>;

/** `?codes=a,b,c` → the codes, or an error message. */
export function parseCodesParam(value: string | null): { ok: true; codes: string[] } | { ok: false; message: string } {
  const codes = [...new Set((value ?? "").split(",").map((code) => code.trim()).filter((code) => code !== ""))];
  if (codes.length > MAX_WATCHED_CODES) {
    return { ok: false, message: `At most ${MAX_WATCHED_CODES} codes can be watched at once.` };
  }
  const bad = codes.find((code) => !isPossibleCode(code));
  if (bad !== undefined) return { ok: false, message: `"${bad.slice(0, 40)}" is not a link code.` };
  return { ok: true, codes };
}

export const updateLinkBody = z
  .object({
    url: z.string({ error: "url must be a string" }).max(8192, "url is too long").optional(),
    paused: z.boolean({ error: "paused must be true or false" }).optional(),
  })
  .strict();

export type UpdateLinkBody = z.output<typeof updateLinkBody>;
