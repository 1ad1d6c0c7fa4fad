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
