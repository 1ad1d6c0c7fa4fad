// Every write to a room's log: new messages, and changes to earlier ones (edits, deletes,
// reactions). Each group of writes is ONE commit with the room record, which it checks, so
// seqs are handed out in commit order with no gaps and no duplicates, even across app
// processes: the key order of ["messages", room, seq] is the order every reader sees them in.
//
// A new message is stored at the next seq. A change rewrites the message in place (pages of
// history show its latest state) and stores that state again at the next seq as a
// MessageUpdate, so a stream resuming after any seq gets every change made since, in order.
//
// Group commit: writes to one room from this process queue up behind the commit in flight
// and go in the next one together (up to GROUP_MAX), each still its own entry with its own
// seq. A quiet room commits each write alone, at once; a busy room commits in a few round
// trips what would otherwise be one commit per write, each racing the last for the room
// record — and readers receive a busy moment's messages together.

import type { ClientScope } from "@/lib/idempotency";
import type { Kv, KvEntryMaybe, KvKey } from "@/lib/kv";
import { ChatError } from "../errors";
import { messageIdOf } from "../ids";
import { clientIdKey, messageKey, nameKey, roomKey, typingKey, type NameMark } from "../keys";
import { CLIENT_ID_TTL_MS, NAME_TTL_MS } from "../limits";
import { noteMessageSent } from "./message-count";
import { headOf, type ChatMessage, type MessagePreview, type MessageUpdate, type RoomRecord } from "../types";
import { previewOf } from "../validate";

/** A new message, its fields already normalized. */
export interface SendWrite {
  kind: "send";
  author: string;
  text: string;
  clientId: string | null;
  sender: ClientScope;
}

/**
 * A change to the message at `seq` by `memberId`: `change` gets the message as it stands and
 * returns its new state, or null when there is nothing to change (so nothing is written), or
 * throws a ChatError (this write fails; the rest of its group goes ahead).
 */
export interface ChangeWrite {
  kind: "change";
  seq: number;
  change: (message: ChatMessage, now: number) => ChatMessage | null;
}

export interface SendResult {
  message: ChatMessage;
  /** False when `clientId` had already been sent: `message` is the one stored then. */
  created: boolean;
}

export interface ChangeResult {
  /** The message as it now stands. */
  message: ChatMessage;
  /** False when there was nothing to change. */
  changed: boolean;
}

type Pending =
  | (SendWrite & { memberId: string; now: () => number; resolve: (result: SendResult) => void; reject: (error: unknown) => void })
  | (ChangeWrite & { memberId: string; now: () => number; resolve: (result: ChangeResult) => void; reject: (error: unknown) => void });

// Deno KV's limits per commit: 100 checks (room + one per clientId) and 1,000 mutations
// (at most 4 per write + 1): 50 writes stay well inside both.
const GROUP_MAX = 50;
// getMany reads at most 10 keys.
const READ_CHUNK = 10;
// Losing the check means another process committed to this room in between; each retry
// rereads, so this many losses in a row needs a sustained storm of cross-process writers.
const MAX_ATTEMPTS = 25;

/** Queues a write to `roomId`'s log by `memberId`; settles once it is committed (or failed). */
export function writeToRoom(kv: Kv, roomId: string, memberId: string, write: SendWrite, now: () => number): Promise<SendResult>;
export function writeToRoom(kv: Kv, roomId: string, memberId: string, write: ChangeWrite, now: () => number): Promise<ChangeResult>;
export function writeToRoom(
  kv: Kv,
  roomId: string,
  memberId: string,
  write: SendWrite | ChangeWrite,
  now: () => number,
): Promise<SendResult | ChangeResult> {
  return new Promise((resolve, reject) => {
    writerOf(kv).submit(roomId, { ...write, memberId, now, resolve, reject } as Pending);
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
        const settle = await commitGroup(this.kv, roomId, group);
        for (const done of settle) done();
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

/** What to call, once the group's fate is known, to settle each of its writes. */
async function commitGroup(kv: Kv, roomId: string, group: Pending[]): Promise<(() => void)[]> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const settle = await tryCommit(kv, roomId, group);
    if (settle !== null) return settle;
    // Another process won these seqs: step aside for a moment so the two don't keep colliding.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
  }
  throw new ChatError("busy", "The room is too busy right now. Please try again.");
}

/** A stored message (not a MessageUpdate, not junk). */
function asMessage(value: unknown): ChatMessage | null {
  const message = value as ChatMessage | null;
  if (typeof message !== "object" || message === null || "update" in message) return null;
  return typeof message.seq === "number" && typeof message.id === "string" ? message : null;
}

function previewFor(message: ChatMessage): MessagePreview {
  const preview: MessagePreview = { author: message.author, text: previewOf(message.text), createdAt: message.createdAt, seq: message.seq };
  if (message.deleted) return { ...preview, text: "", deleted: true };
  return preview;
}

/** The group's settlers, or null if another writer committed to the room first. */
async function tryCommit(kv: Kv, roomId: string, group: Pending[]): Promise<(() => void)[] | null> {
  const sends = group.filter((pending) => pending.kind === "send");
  const members = [...new Set(sends.map((pending) => pending.memberId))];
  const idKeyOf = (pending: Pending): KvKey | null =>
    pending.kind !== "send" || pending.clientId === null ? null : clientIdKey(roomId, pending.sender, pending.clientId);
  const idKeys = group.map(idKeyOf).filter((key): key is KvKey => key !== null);
  const targets = [...new Set(group.flatMap((pending) => (pending.kind === "change" ? [pending.seq] : [])))];
  // One round trip for everything the commit depends on (getMany chunks are pipelined).
  const [room, ...rest] = await readAll(kv, [
    roomKey(roomId),
    ...members.map((m) => nameKey(roomId, m)),
    ...idKeys,
    ...targets.map((seq) => messageKey(roomId, seq)),
  ]);
  if (room.versionstamp === null) throw new ChatError("room_not_found", "There is no such room.");
  const record = room.value as RoomRecord;
  const names = new Map(members.map((member, i) => [member, (rest[i].value as NameMark | null)?.name ?? null]));
  const stored = new Map<string, KvEntryMaybe>();
  idKeys.forEach((key, i) => stored.set(JSON.stringify(key), rest[members.length + i]));
  // The messages changes apply to, as they stand: each change in the group sees the last.
  const current = new Map<number, ChatMessage | null>();
  targets.forEach((seq, i) => current.set(seq, asMessage(rest[members.length + idKeys.length + i].value)));

  // Messages already sent under their clientId (a retry): answer with the stored ones.
  const earlierSeqs = group.map((pending) => {
    const key = idKeyOf(pending);
    const value = key === null ? null : stored.get(JSON.stringify(key))?.value;
    return typeof value === "number" ? value : null;
  });
  const earlierKeys = earlierSeqs.filter((seq): seq is number => seq !== null).map((seq) => messageKey(roomId, seq));
  const earlier = new Map<number, ChatMessage>();
  for (const entry of await readAll(kv, earlierKeys)) {
    const message = asMessage(entry.value);
    if (message !== null) earlier.set(message.seq, message);
  }

  const op = kv.atomic().check(room);
  const settle: (() => void)[] = [];
  const sentResults = new Map<string, SendResult>();
  let seq = headOf(record);
  let messageCount = record.messageCount;
  let createdAt = record.lastActivity;
  let preview = record.lastMessage;
  let written = false;
  const latestAuthor = new Map<string, string>();
  const changed = new Map<number, ChatMessage>();

  for (const [i, pending] of group.entries()) {
    if (pending.kind === "change") {
      const message = current.get(pending.seq) ?? null;
      if (message === null) {
        settle.push(() => pending.reject(new ChatError("message_not_found", "There is no such message in this room.")));
        continue;
      }
      let next: ChatMessage | null;
      try {
        next = pending.change(message, pending.now());
      } catch (error) {
        settle.push(() => pending.reject(error));
        continue;
      }
      if (next === null) {
        settle.push(() => pending.resolve({ message, changed: false }));
        continue;
      }
      seq += 1;
      next.rev = seq;
      current.set(pending.seq, next);
      changed.set(pending.seq, next);
      op.set(messageKey(roomId, seq), { seq, update: next } satisfies MessageUpdate);
      if (preview?.seq === next.seq) preview = previewFor(next);
      written = true;
      const result: ChangeResult = { message: next, changed: true };
      settle.push(() => pending.resolve(result));
      continue;
    }

    const earlierSeq = earlierSeqs[i];
    const previous = earlierSeq === null ? undefined : earlier.get(earlierSeq);
    if (previous) {
      settle.push(() => pending.resolve({ message: previous, created: false }));
      continue;
    }
    const key = idKeyOf(pending);
    const keyId = key === null ? null : JSON.stringify(key);
    const twin = keyId === null ? undefined : sentResults.get(keyId);
    if (twin !== undefined) {
      // The same clientId twice in one group (a double click): one message.
      settle.push(() => pending.resolve({ message: twin.message, created: false }));
      continue;
    }
    seq += 1;
    messageCount += 1;
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
    const result: SendResult = { message, created: true };
    if (key !== null && keyId !== null) {
      sentResults.set(keyId, result);
      op.check({ key, versionstamp: null }).set(key, seq, { expireIn: CLIENT_ID_TTL_MS });
    }
    latestAuthor.set(pending.memberId, pending.author);
    preview = previewFor(message);
    written = true;
    settle.push(() => {
      noteMessageSent();
      pending.resolve(result);
    });
  }
  if (!written) return settle; // only retries, failures and changes that changed nothing

  for (const [target, message] of changed) op.set(messageKey(roomId, target), message);
  const next: RoomRecord = { ...record, lastActivity: createdAt, messageCount, lastMessage: preview };
  // lastSeq only once the log holds an update: until then it equals messageCount.
  if (seq !== messageCount) next.lastSeq = seq;
  op.set(roomKey(roomId), next);
  for (const [member, author] of latestAuthor) {
    op.delete(typingKey(roomId, member));
    // Presence shows the name people post under; rewritten only when it changes, since every
    // write under ["presence", room] is something each viewer's process has to look at.
    if (names.get(member) !== author) op.set(nameKey(roomId, member), { name: author }, { expireIn: NAME_TTL_MS });
  }
  const result = await op.commit();
  if (!result.ok) return null;
  return settle;
}
