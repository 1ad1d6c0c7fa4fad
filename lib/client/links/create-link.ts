// POST /api/links from the browser, with the API's errors sorted by the form field they
// are about, so each message can sit under the input it concerns. The clientId makes a
// resubmission after a lost answer return the link made then, not make a second one.

import type { SubmissionKeys } from "@/lib/idempotency/submission-key";
import { ApiError, apiFetch } from "@/lib/client/api";
import type { CreatedLink } from "./types";

export type Field = "url" | "code" | "expiry" | "form";

export type CreateResult = { ok: true; link: CreatedLink } | { ok: false; field: Field; message: string };

const FIELD_OF: Record<string, Field> = {
  invalid_url: "url",
  invalid_code: "code",
  reserved_code: "code",
  code_taken: "code",
  invalid_expiry: "expiry",
};

export interface CreateLinkRequest {
  url: string;
  code: string;
  expireIn: number | null;
}

export async function createLinkRequest(input: CreateLinkRequest, keys: SubmissionKeys): Promise<CreateResult> {
  const request = { url: input.url, code: input.code.trim() || null, expireIn: input.expireIn };
  const clientId = keys.clientIdFor(JSON.stringify(request));
  try {
    const link = await apiFetch<CreatedLink>("/api/links", { method: "POST", body: JSON.stringify({ ...request, clientId }) });
    keys.succeeded();
    return { ok: true, link };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 0) {
      return { ok: false, field: "form", message: "Could not reach the server. Check your connection and try again." };
    }
    if (error.explained) return { ok: false, field: FIELD_OF[error.code] ?? "form", message: error.message };
    return { ok: false, field: "form", message: `The server answered ${error.status}. Please try again.` };
  }
}
