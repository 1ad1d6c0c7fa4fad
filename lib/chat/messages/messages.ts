// Reading a room's messages in pages, always oldest first on the way out.
//
// - latest page: the newest `limit` messages; `before` is a kv list cursor for the page
//   before them (what "load older" passes back), null when they reach the first message.
// - `before`: the page before that cursor, the same way.
// - `after` (a message id): the messages after it, for catching up; `hasMore` says a further
//   call is needed. (Live updates come from the room stream; this is for tools and tests.)
//
// Messages are stored at their latest state (edited, deleted, reacted to); the room log's
// update entries between them are skipped here, so a page holds `limit` messages.

import type { Kv, KvEntry, KvListIterator } from "@/lib/kv";
import { ChatError } from "../errors";
import { seqOf } from "../ids";
import { messageKey, messagesPrefix } from "../keys";
import { MAX_PAGE_SIZE, PAGE_SIZE } from "../limits";
import { requireRoomEntry } from "../rooms/rooms";
import { isMessageUpdate, type ChatMessage, type MessagePage, type RoomLogEntry } from "../types";

export interface PageQuery {
  before?: string | null;
  after?: string | null;
  limit?: number | null;
}

function pageSize(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}

export async function listMessages(kv: Kv, roomId: string, query: PageQuery = {}): Promise<MessagePage> {
  await requireRoomEntry(kv, roomId);
  const limit = pageSize(query.limit);
  if (query.after !== null && query.after !== undefined) return listAfter(kv, roomId, query.after, limit);
  return listBefore(kv, roomId, query.before ?? null, limit);
}

async function listBefore(kv: Kv, roomId: string, cursor: string | null, limit: number): Promise<MessagePage> {
  let iterator: KvListIterator<RoomLogEntry>;
  try {
    // Until one more message than asked: finding it is how we know there is an older page.
    iterator = kv.list<RoomLogEntry>(
      { prefix: messagesPrefix(roomId) },
      { reverse: true, batchSize: limit + 1, ...(cursor ? { cursor } : {}) },
    );
  } catch (error) {
    if (error instanceof TypeError) throw new ChatError("invalid_cursor", "That cursor is not from this room's messages.");
    throw error;
  }
  const newestFirst: ChatMessage[] = [];
  let before: string | null = null;
  let lastCursor = "";
  for await (const entry of iterator) {
    if (isMessageUpdate(entry.value)) continue;
    if (newestFirst.length === limit) {
      before = lastCursor;
      break;
    }
    newestFirst.push(entry.value);
    lastCursor = iterator.cursor;
  }
  return { messages: newestFirst.reverse(), before, hasMore: false };
}

async function listAfter(kv: Kv, roomId: string, afterId: string, limit: number): Promise<MessagePage> {
  const after = seqOf(afterId);
  if (after === null) throw new ChatError("invalid_cursor", "after must be a message id.");
  const entries: KvEntry<ChatMessage>[] = [];
  for await (const entry of kv.list<RoomLogEntry>(
    { prefix: messagesPrefix(roomId), start: messageKey(roomId, after + 1) },
    { batchSize: limit + 1 },
  )) {
    if (isMessageUpdate(entry.value)) continue;
    entries.push(entry as KvEntry<ChatMessage>);
    if (entries.length > limit) break;
  }
  const hasMore = entries.length > limit;
  return { messages: entries.slice(0, limit).map((entry) => entry.value), before: null, hasMore };
}
