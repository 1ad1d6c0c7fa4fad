// How the app's keys group into partitions of a Kv on Redis Cluster (openKv's partitionOf).
// Only keys of one partition commit together, and each feature keeps its data in families
// named after what they hold (["links", code], ["link_clicks", code], …): this maps each
// family's first two key parts to the entity they belong to, so that one entity's keys —
// a link and its counters, a room and its messages and presence, a post and its likes and
// comments, a visitor's links and the ids of their creates — share a partition and every
// commit about one of them stays atomic. Data format: changing a mapping moves keys between
// buckets (on one Redis there is one bucket and this changes nothing).
//
// What still spans partitions is split into ordered commits where it is made: creating a
// link (lib/links/create.ts), a room (lib/chat/rooms/rooms.ts) and a post (lib/posts/
// create-post.ts: its clientId, the post, then the list), deleting a link (lib/links/delete.ts:
// the record, each family, the owner's list) and making a restore key (lib/visitor/
// restore-key.ts). Lists that span entities (["rooms"], ["posts"], ["presence"]) read every
// bucket and merge them in key order; the posts list is one key of its own, ["post_feed",
// "newest"], which a new post joins in a commit after its own.
//
// Families not named below are a partition per first two key parts, each written alone: the
// posts list, the clientIds of new posts (per scope: a retry must find its claim before it
// knows the post's id, so the claim cannot live under the post), a restore key's owner and a
// visitor's current key, and one client's rate-limit counters (["ratelimit", client], so that
// a busy scope's clients spread over the primaries).

import type { KvKey } from "@/lib/kv";

const ENTITY_OF_FAMILY: Readonly<Record<string, string>> = {
  // lib/links: a link and every count of its clicks (a click is one commit of all of them).
  links: "link",
  link_clicks: "link",
  link_bot_hits: "link",
  link_minutes: "link",
  link_days: "link",
  link_stats: "link",
  link_recent: "link",
  // lib/chat: a room, its messages (a message's commit bumps the room record; an edit, a
  // delete or a reaction is a log entry too), the ids of its senders' sends, and who is in it.
  rooms: "room",
  messages: "room",
  message_client_ids: "room",
  presence: "room",
  // lib/chat: a room's name claim and the ids of the creates that claimed it.
  room_names: "room_name",
  room_client_ids: "room_name",
  // lib/posts: a post, its likes and comments and the ids of the comments' posts.
  posts: "post",
  post_likes: "post",
  post_like: "post",
  post_comments: "post",
  post_comment_count: "post",
  post_comment_client_ids: "post",
  // lib/links: a visitor's list of links.
  visitor_links: "visitor",
};

/**
 * The partition of a key whose first two parts are `head`. A link's clientIds are kept by
 * scope ("v:" + visitor id, or "new"): those of a known visitor share that visitor's
 * partition, so the list entry and the clientId of one create commit together.
 */
export function appPartitionOf(head: KvKey): KvKey {
  const [family, id] = head;
  if (typeof family !== "string" || head.length < 2) return head;
  if (family === "link_client_ids" && typeof id === "string" && id.startsWith("v:")) return ["visitor", id.slice(2)];
  const entity = ENTITY_OF_FAMILY[family];
  return entity === undefined ? head : [entity, id];
}
