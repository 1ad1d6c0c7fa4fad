// What the /links page shows for each of the visitor's links: GET /api/links's items.

import type { VisitorLink } from "@/lib/links/types";

export interface VisitorLinkView extends VisitorLink {
  shortUrl: string;
}

/** POST /api/links's 201 body. */
export interface CreatedLink {
  code: string;
  url: string;
  shortUrl: string;
  createdAt: string;
  expiresAt: string | null;
}

/** Every API error: `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== "object" || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}
