// Where a resuming client says how far it got: the Last-Event-ID header (EventSource's own
// retries), else a query parameter (our client's manual reconnects cannot set headers).

import { LAST_EVENT_ID_PARAM } from "./protocol";

const MAX_LENGTH = 200;
// Printable ASCII only: ids are versionstamps and message ids, and anything else is a
// client playing games with a value that ends up in a KV range query.
const PRINTABLE = /^[\x20-\x7e]+$/;

export function lastEventId(request: Request): string | null {
  const header = request.headers.get("last-event-id");
  const value = header !== null && header !== "" ? header : new URL(request.url).searchParams.get(LAST_EVENT_ID_PARAM);
  if (value === null || value.length > MAX_LENGTH || !PRINTABLE.test(value)) return null;
  return value;
}
