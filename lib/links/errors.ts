// Every way creating or finding a link can fail on purpose, with the HTTP status it means.
// Routes answer these as `{ error: { code, message } }` (lib/http's errorResponse).

export type LinkErrorCode =
  | "invalid_url"
  | "invalid_code"
  | "reserved_code"
  | "invalid_expiry"
  | "code_taken"
  | "codes_exhausted"
  | "not_found"
  | "not_owner"
  | "nothing_to_change"
  | "link_busy";

const STATUS: Record<LinkErrorCode, number> = {
  invalid_url: 422,
  invalid_code: 422,
  reserved_code: 422,
  invalid_expiry: 422,
  code_taken: 409,
  // Only after several random codes in a row were taken: a retry will almost surely work.
  codes_exhausted: 503,
  not_found: 404,
  // Only the visitor who created a link may change or delete it.
  not_owner: 403,
  nothing_to_change: 422,
  // Changed by several requests at once, each time in between a read and its commit.
  link_busy: 409,
};

export class LinkError extends Error {
  readonly code: LinkErrorCode;
  readonly status: number;

  constructor(code: LinkErrorCode, message: string) {
    super(message);
    this.name = "LinkError";
    this.code = code;
    this.status = STATUS[code];
  }
}
