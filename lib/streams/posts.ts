// The posts demo's live streams.

import { jsonError } from "@/lib/http";
import { ensureDemoPosts, parseCursor, parseIdsParam, watchListCounts, watchPost, watchPostList } from "@/lib/posts";
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
 * GET /api/posts/events: the list page, live — `posts` events `{ version, posts: [...] }`
 * (the listed posts, newest first, without counts: first, then after every new post) and
 * `counts` events `{ version, counts: { id: { likes, comments } } }` (the full state first
 * and after every change). With `?ids=a,b`: only the `counts` of those posts.
 */
export const postListStream: StreamImplementation<typeof STREAMS.postList> = async (_request, { ids: param }) => {
  const kv = await getKv();
  if (param === null) {
    await ensureDemoPosts(kv);
    return {
      source: mapSource(watchPostList(kv), (update) =>
        update.kind === "posts"
          ? { id: update.version || "0", event: "posts", data: { version: update.version, posts: update.posts } }
          : { id: update.version || "0", event: "counts", data: { version: update.version, counts: update.counts } },
      ),
    };
  }
  const parsed = parseIdsParam(param);
  if (!parsed.ok) return jsonError(400, "invalid_ids", parsed.message);
  const updates = watchListCounts(kv, parsed.ids);
  return { source: mapSource(updates, (state) => ({ id: state.version || "0", event: "counts", data: state })) };
};
