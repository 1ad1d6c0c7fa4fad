// The event stream URLs the pages subscribe to. The post stream starts at the page's comment
// cursor (as if resuming), so comments posted between the server render and the connection
// are streamed, and none the page already shows is sent again.

import { LAST_EVENT_ID_PARAM } from "@/lib/sse/protocol";

export function postEventsUrl(postId: string, cursor: string): string {
  return `/api/posts/${encodeURIComponent(postId)}/events?${LAST_EVENT_ID_PARAM}=${encodeURIComponent(cursor)}`;
}

/** The list page's stream: which posts are listed, and their counts. */
export function listEventsUrl(): string {
  return "/api/posts/events";
}
