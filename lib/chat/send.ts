// Sending a message: ONE commit writes the message under the room's next seq, the room
// record (activity marker, preview, count), the sender's idempotency key and name, and
// clears their "typing…". The commit checks the room record's versionstamp, so seqs are
// handed out in commit order with no gaps and no duplicates even across app processes:
// the key order of ["messages", room, seq] is the order every watcher sees them in.

import type { Kv, KvEntryMaybe, KvKey } from "@/lib/kv";
import { ChatError } from "./errors";
import { messageIdOf } from "./ids";
import { KeyedQueue } from "./keyed-queue";
import { noteMessageSent } from "./message-count";
import { clientIdKey, messageKey, nameKey, roomKey, typingKey, type NameMark } from "./keys";
import { CLIENT_ID_TTL_MS, NAME_TTL_MS } from "./limits";
import type { ChatMessage, RoomRecord } from "./types";
import { normalizeAuthor, normalizeClientId, normalizeText, previewOf } from "./validate";

export interface SendInput {
  author: string;
  text: string;
  /** The sender's own id for this message: sending it again returns the first one. */
  clientId?: string | null;
}

export interface SendResult {
  message: ChatMessage;
  /** False when `clientId` had already been sent: `message` is the one stored then. */
  created: boolean;
}

// Losing the check means another process committed to this room in between; each retry
// rereads, so this many losses in a row needs a sustained storm of cross-process writers.
const MAX_ATTEMPTS = 25;

const queues = new WeakMap<Kv, KeyedQueue>();

function queueOf(kv: Kv): KeyedQueue {
  let queue = queues.get(kv);
  if (!queue) {
    queue = new KeyedQueue();
    queues.set(kv, queue);
  }
  return queue;
}

export async function sendMessage(
  kv: Kv,
  roomId: string,
  input: SendInput,
  memberId: string,
  now: () => number = Date.now,
): Promise<SendResult> {
  const author = normalizeAuthor(input.author);
  const text = normalizeText(input.text);
  const clientId = normalizeClientId(input.clientId);
  return queueOf(kv).run(roomId, async () => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const outcome = await tryCommit(kv, roomId, { author, text, clientId }, memberId, now());
      if (outcome !== null) return outcome;
      // Another process won this seq: step aside for a moment so the two don't keep colliding.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new ChatError("busy", "The room is too busy right now. Please try again.");
  });
}

async function tryCommit(
  kv: Kv,
  roomId: string,
  input: { author: string; text: string; clientId: string | null },
  memberId: string,
  now: number,
): Promise<SendResult | null> {
  const { author, text, clientId } = input;
  const idKey = clientId === null ? null : clientIdKey(roomId, memberId, clientId);
  const keys: KvKey[] = [roomKey(roomId), nameKey(roomId, memberId)];
  if (idKey !== null) keys.push(idKey);
  // One round trip for all three; the third only when the sender gave a clientId.
  const [room, name, sent] = (await kv.getMany(keys)) as [
    KvEntryMaybe<RoomRecord>,
    KvEntryMaybe<NameMark>,
    KvEntryMaybe<number> | undefined,
  ];
  if (room.versionstamp === null) throw new ChatError("room_not_found", "There is no such room.");

  if (sent !== undefined && typeof sent.value === "number") {
    const earlier = await kv.get<ChatMessage>(messageKey(roomId, sent.value));
    if (earlier.value !== null) return { message: earlier.value, created: false };
  }

  const seq = room.value.messageCount + 1;
  // Never earlier than the room's last activity: another process's clock may run ahead, and
  // times that go backwards down a conversation look like a bug.
  const createdAt = Math.max(now, room.value.lastActivity);
  const message: ChatMessage = { id: messageIdOf(seq), seq, author, text, createdAt, memberId, clientId };
  const record: RoomRecord = {
    ...room.value,
    lastActivity: createdAt,
    messageCount: seq,
    lastMessage: { author, text: previewOf(text), createdAt },
  };
  const op = kv
    .atomic()
    .check(room)
    .set(messageKey(roomId, seq), message)
    .set(roomKey(roomId), record)
    .delete(typingKey(roomId, memberId));
  if (idKey !== null) op.check({ key: idKey, versionstamp: null }).set(idKey, seq, { expireIn: CLIENT_ID_TTL_MS });
  // Presence shows the name people post under; rewritten only when it changes, since every
  // write under ["presence", room] is something each viewer's process has to look at.
  if (name.value?.name !== author) op.set(nameKey(roomId, memberId), { name: author }, { expireIn: NAME_TTL_MS });
  const result = await op.commit();
  if (!result.ok) return null;
  noteMessageSent();
  return { message, created: true };
}
