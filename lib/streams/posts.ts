// The posts demo's live streams.

import { jsonError } from "@/lib/http";
import { listPosts, parseCursor, parseIdsParam, watchListCounts, watchPost } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { mapSource } from "@/lib/feeds";
import { lastEventId } from "@/lib/sse";
import { readVisitorId } from "@/lib/visitor";
import type { STREAMS } from "@/lib/api/streams";
import type { StreamImplementation } from "./endpoint";

/**
 * GET /api/posts/{id}/events: `counts` events `{ likes, comments, liked, version }` (the full
 * state first, then on every change) and `comments` events `{ comments: [...] }` with each
 * comment committed after the resume point. Every event's id is the comment cursor, so
 * Last-Event-ID (or ?lastEventId=) resumes without a gap or a repeat.
 */
export const postStream: StreamImplementation<typeof STREAMS.post> = async (request, { id }) => {
  const kv = await getKv();
  const updates = await watchPost(kv, id, {
    visitorId: await readVisitorId(request, kv),
    since: parseCursor(lastEventId(request)),
  });
  return {
    source: mapSource(updates, (update) =>
      update.kind === "counts"
        ? { id: update.cursor, event: "counts", data: update.counts }
        : { id: update.cursor, event: "comments", data: { comments: update.comments } },
    ),
  };
};

/**
 * GET /api/posts/events?ids=a,b: `counts` events `{ version, counts: { id: { likes,
 * comments } } }`, the full state first and after every change. Without `ids`: the posts the
 * list page shows.
 */
export const postListStream: StreamImplementation<typeof STREAMS.postList> = async (_request, { ids: param }) => {
  const kv = await getKv();
  let ids: string[];
  if (param === null) {
    ids = (await listPosts(kv, null)).map((post) => post.id);
  } else {
    const parsed = parseIdsParam(param);
    if (!parsed.ok) return jsonError(400, "invalid_ids", parsed.message);
    ids = parsed.ids;
  }
  if (ids.length === 0) return jsonError(404, "not_found", "There are no posts to watch.");
  const updates = watchListCounts(kv, ids);
  return { source: mapSource(updates, (state) => ({ id: state.version || "0", event: "counts", data: state })) };
};
