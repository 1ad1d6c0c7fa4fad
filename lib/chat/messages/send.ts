// Sending messages. Each message is written in ONE commit with the room record (activity
// marker, preview, count), the sender's idempotency key and name, and the end of their
// "typing…". The commit checks the room record's versionstamp, so seqs are handed out in
// commit order with no gaps and no duplicates, even across app processes: the key order of
// ["messages", room, seq] is the order every reader sees them in.
//
// Group commit: sends to one room from this process queue up behind the commit in flight
// and go in the next one together (up to GROUP_MAX), each still its own message with its
// own seq. A quiet room commits each message alone, at once; a busy room commits in a few
// round trips what would otherwise be one commit per message, each racing the last for the
// room record — and readers receive a busy moment's messages together.

import type { ClientScope } from "@/lib/idempotency";
import type { Kv, KvEntryMaybe, KvKey } from "@/lib/kv";
import { ChatError } from "../errors";
import { isRoomId, messageIdOf } from "../ids";
import { clientIdKey, messageKey, nameKey, roomKey, typingKey, type NameMark } from "../keys";
import { CLIENT_ID_TTL_MS, NAME_TTL_MS } from "../limits";
import { noteMessageSent } from "./message-count";
import type { ChatMessage, RoomRecord } from "../types";
import { normalizeAuthor, normalizeClientId, normalizeText, previewOf } from "../validate";

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

// Deno KV's limits per commit: 100 checks (room + one per clientId) and 1,000 mutations
// (at most 4 per message + 1): 50 messages stay well inside both.
const GROUP_MAX = 50;
// getMany reads at most 10 keys.
const READ_CHUNK = 10;
// Losing the check means another process committed to this room in between; each retry
// rereads, so this many losses in a row needs a sustained storm of cross-process writers.
const MAX_ATTEMPTS = 25;

interface Pending {
  author: string;
  text: string;
  clientId: string | null;
  sender: ClientScope;
  memberId: string;
  now: () => number;
  resolve: (result: SendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends `input` to a room as `sender` (its id: the member id; isNew: the request came
 * without a cookie, so its retry will too and is looked up among new visitors' clientIds),
 * or a member id for a known member.
 */
export async function sendMessage(
  kv: Kv,
  roomId: string,
  input: SendInput,
  sender: ClientScope | string,
  now: () => number = Date.now,
): Promise<SendResult> {
  const author = normalizeAuthor(input.author);
  const text = normalizeText(input.text);
  const clientId = normalizeClientId(input.clientId);
  // Before any key is made of it: a path segment can be longer than a KV key may be.
  if (!isRoomId(roomId)) throw new ChatError("room_not_found", "There is no such room.");
  return new Promise((resolve, reject) => {
    const scope = typeof sender === "string" ? { id: sender, isNew: false } : sender;
    writerOf(kv).submit(roomId, { author, text, clientId, sender: scope, memberId: scope.id, now, resolve, reject });
  });
}

class GroupWriter {
  #queues = new Map<string, Pending[]>();

  constructor(private readonly kv: Kv) {}

  submit(roomId: string, pending: Pending): void {
    const queue = this.#queues.get(roomId);
    if (queue) {
      queue.push(pending); // the running drain picks it up with the next group
      return;
    }
    this.#queues.set(roomId, [pending]);
    void this.#drain(roomId);
  }

  async #drain(roomId: string): Promise<void> {
    const queue = this.#queues.get(roomId);
    while (queue && queue.length > 0) {
      const group = queue.splice(0, GROUP_MAX);
      try {
        const results = await commitGroup(this.kv, roomId, group);
        group.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    // Forget the room once idle, so a process that served a million rooms holds nothing.
    this.#queues.delete(roomId);
  }
}

const writers = new WeakMap<Kv, GroupWriter>();

function writerOf(kv: Kv): GroupWriter {
  let writer = writers.get(kv);
  if (!writer) {
    writer = new GroupWriter(kv);
    writers.set(kv, writer);
  }
  return writer;
}

async function readAll(kv: Kv, keys: KvKey[]): Promise<KvEntryMaybe[]> {
  const chunks: Promise<KvEntryMaybe[]>[] = [];
  for (let i = 0; i < keys.length; i += READ_CHUNK) chunks.push(kv.getMany(keys.slice(i, i + READ_CHUNK)));
  return (await Promise.all(chunks)).flat();
}

async function commitGroup(kv: Kv, roomId: string, group: Pending[]): Promise<SendResult[]> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const results = await tryCommit(kv, roomId, group);
    if (results !== null) return results;
    // Another process won these seqs: step aside for a moment so the two don't keep colliding.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
  }
  throw new ChatError("busy", "The room is too busy right now. Please try again.");
}

/** The group's results, or null if another writer committed to the room first. */
async function tryCommit(kv: Kv, roomId: string, group: Pending[]): Promise<SendResult[] | null> {
  const members = [...new Set(group.map((pending) => pending.memberId))];
  const idKeyOf = (pending: Pending): KvKey | null =>
    pending.clientId === null ? null : clientIdKey(roomId, pending.sender, pending.clientId);
  const idKeys = group.map(idKeyOf).filter((key): key is KvKey => key !== null);
  // One round trip for everything the commit depends on (getMany chunks are pipelined).
  const [room, ...rest] = await readAll(kv, [roomKey(roomId), ...members.map((m) => nameKey(roomId, m)), ...idKeys]);
  if (room.versionstamp === null) throw new ChatError("room_not_found", "There is no such room.");
  const record = room.value as RoomRecord;
  const names = new Map(members.map((member, i) => [member, (rest[i].value as NameMark | null)?.name ?? null]));
  const stored = new Map<string, KvEntryMaybe>();
  idKeys.forEach((key, i) => stored.set(JSON.stringify(key), rest[members.length + i]));

  // Messages already sent under their clientId (a retry): answer with the stored ones.
  const earlierSeqs = group.map((pending) => {
    const key = idKeyOf(pending);
    const value = key === null ? null : stored.get(JSON.stringify(key))?.value;
    return typeof value === "number" ? value : null;
  });
  const earlierKeys = earlierSeqs.filter((seq): seq is number => seq !== null).map((seq) => messageKey(roomId, seq));
  const earlier = new Map<number, ChatMessage>();
  for (const entry of await readAll(kv, earlierKeys)) {
    const message = entry.value as ChatMessage | null;
    if (message !== null) earlier.set(message.seq, message);
  }

  const op = kv.atomic().check(room);
  const results: SendResult[] = [];
  const firstInGroup = new Map<string, number>();
  let seq = record.messageCount;
  let createdAt = record.lastActivity;
  let last: ChatMessage | null = null;
  const latestAuthor = new Map<string, string>();
  for (const [i, pending] of group.entries()) {
    const earlierSeq = earlierSeqs[i];
    const previous = earlierSeq === null ? undefined : earlier.get(earlierSeq);
    if (previous) {
      results.push({ message: previous, created: false });
      continue;
    }
    const key = idKeyOf(pending);
    const keyId = key === null ? null : JSON.stringify(key);
    const twin = keyId === null ? undefined : firstInGroup.get(keyId);
    if (twin !== undefined) {
      // The same clientId twice in one group (a double click): one message.
      results.push({ message: results[twin].message, created: false });
      continue;
    }
    seq += 1;
    // Never earlier than what came before: another process's clock may run ahead, and times
    // that go backwards down a conversation look like a bug.
    createdAt = Math.max(pending.now(), createdAt);
    const message: ChatMessage = {
      id: messageIdOf(seq),
      seq,
      author: pending.author,
      text: pending.text,
      createdAt,
      memberId: pending.memberId,
      clientId: pending.clientId,
    };
    op.set(messageKey(roomId, seq), message);
    if (key !== null && keyId !== null) {
      firstInGroup.set(keyId, i);
      op.check({ key, versionstamp: null }).set(key, seq, { expireIn: CLIENT_ID_TTL_MS });
    }
    latestAuthor.set(pending.memberId, pending.author);
    results.push({ message, created: true });
    last = message;
  }
  if (last === null) return results; // every one was a retry of a stored message

  op.set(roomKey(roomId), {
    ...record,
    lastActivity: createdAt,
    messageCount: seq,
    lastMessage: { author: last.author, text: previewOf(last.text), createdAt },
  } satisfies RoomRecord);
  for (const [member, author] of latestAuthor) {
    op.delete(typingKey(roomId, member));
    // Presence shows the name people post under; rewritten only when it changes, since every
    // write under ["presence", room] is something each viewer's process has to look at.
    if (names.get(member) !== author) op.set(nameKey(roomId, member), { name: author }, { expireIn: NAME_TTL_MS });
  }
  const result = await op.commit();
  if (!result.ok) return null;
  for (const outcome of results) if (outcome.created) noteMessageSent();
  return results;
}
