// Where chat rooms live on KV.
//
//   ["rooms", roomId]                          → RoomRecord. Rewritten in every commit to the room's
//                                                log (lastActivity, lastMessage, messageCount,
//                                                lastSeq), so its versionstamp is that of the log's
//                                                newest entry.
//   ["room_names", foldedName]                 → roomId. Makes names unique regardless of case and
//                                                Unicode form: creating a room checks this key is
//                                                free in the same commit that claims it.
//   ["messages", roomId, seq]                  → the room's log: a ChatMessage, or a MessageUpdate (the
//                                                new state of an earlier message, which the same
//                                                commit rewrites in place at its own seq). seq = 1, 2,
//                                                3… A number key part, so key order = seq order =
//                                                commit order (each commit checks the room record it
//                                                increments).
//   ["message_client_ids", roomId, scope, clientId]
//                                              → seq, expireIn 24 h. The sender's idempotency key:
//                                                a retried send returns the stored message instead of
//                                                posting it twice. Scoped by member (lib/idempotency's
//                                                scope: "v:" + memberId, or "new" for requests without
//                                                a cookie, whose retry comes without one too), so
//                                                nobody can pre-empt someone else's message by
//                                                guessing its id.
//   ["room_client_ids", foldedName, scope, clientId]
//                                              → { fingerprint, id: roomId }, expireIn 24 h, in the
//                                                commit that claims the name (so under the name: on
//                                                a Redis Cluster it shares the name's partition): a
//                                                repeated create answers with that room
//                                                (lib/idempotency; scope "v:" + memberId, or "new").
//   ["presence", roomId, memberId, "conn", instanceId]
//                                              → PresenceMark {expiresAt}, expireIn 30 s, refreshed
//                                                every 10 s by the app process (instanceId) holding
//                                                that member's open stream(s); deleted when the last
//                                                one closes.
//   ["presence", roomId, memberId, "typing"]   → PresenceMark, expireIn 4 s.
//   ["presence", roomId, memberId, "name"]     → NameMark {name}, expireIn 24 h: the name presence
//                                                shows, set by the composer and by each message.
//
// Everything about who is in a room sits under one prefix, ["presence", roomId], so one prefix
// watch per room (and one, ["presence"], for every room's online count) sees all of it.
// Member ids are public hashes of visitor ids (member.ts): no chat key holds a visitor's cookie.

import { clientScopeKey, type ClientScope } from "@/lib/idempotency";
import type { KvKey } from "@/lib/kv";

export const roomKey = (roomId: string): KvKey => ["rooms", roomId];
export const ROOMS_PREFIX: KvKey = ["rooms"];
export const roomNameKey = (folded: string): KvKey => ["room_names", folded];
export const roomClientIdsPrefix = (folded: string): KvKey => ["room_client_ids", folded];

export const messagesPrefix = (roomId: string): KvKey => ["messages", roomId];
export const messageKey = (roomId: string, seq: number): KvKey => ["messages", roomId, seq];
export const clientIdKey = (roomId: string, sender: ClientScope, clientId: string): KvKey => [
  "message_client_ids",
  roomId,
  clientScopeKey(sender),
  clientId,
];

export const PRESENCE_PREFIX: KvKey = ["presence"];
export const presencePrefix = (roomId: string): KvKey => ["presence", roomId];
export const connectionKey = (roomId: string, memberId: string, instanceId: string): KvKey => [
  "presence",
  roomId,
  memberId,
  "conn",
  instanceId,
];
export const typingKey = (roomId: string, memberId: string): KvKey => ["presence", roomId, memberId, "typing"];
export const nameKey = (roomId: string, memberId: string): KvKey => ["presence", roomId, memberId, "name"];

/** The value of a connection or typing key: readers drop it after `expiresAt` even if Redis's
 * expiry notification is late or was missed (a subscriber reconnect loses notifications). */
export interface PresenceMark {
  expiresAt: number;
}

export interface NameMark {
  name: string;
}
