// What a room stream folds into: the live messages (in seq order, each once), the latest
// presence, and how many times the server said "reset". A pure reducer over stream events,
// for useLiveStream; replays and resumes may repeat messages, which are recognised by id.
// Updates (edits, deletes, reactions) replace the message they carry when it is newer (rev),
// and are kept in `revised` too, for messages the page holds outside the stream (older pages).

import type { StreamEventOf } from "@/lib/api/declare-stream";
import type { STREAMS } from "@/lib/api/streams";
import type { ChatMessage, PresenceEvent } from "@/lib/chat/types";

export interface RoomState {
  messages: ChatMessage[];
  presence: PresenceEvent | null;
  /** Bumped by each reset event: the page reloads its history when it changes. */
  resets: number;
  /** The newest state the stream sent of each message it updated, by id. */
  revised?: Readonly<Record<string, ChatMessage>>;
}

/** Whether `candidate` is a newer state of a message than `current` (or as new). */
export function isNewer(candidate: ChatMessage, current: ChatMessage | undefined): boolean {
  return current === undefined || (candidate.rev ?? 0) >= (current.rev ?? 0);
}

// Updates kept for messages outside the stream's list: enough for any page's older history.
const MAX_REVISED = 1_000;

function revise(state: RoomState, updates: ChatMessage[]): RoomState {
  const revised: Record<string, ChatMessage> = { ...state.revised };
  for (const update of updates) if (isNewer(update, revised[update.id])) revised[update.id] = update;
  const ids = Object.keys(revised);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_REVISED))) delete revised[id];
  const messages = state.messages.map((message) => {
    const update = revised[message.id];
    return update !== undefined && update !== message && isNewer(update, message) ? update : message;
  });
  return { ...state, messages, revised };
}

// A tab left open in a busy room should not grow without end; older ones are a scroll away.
const MAX_LIVE_MESSAGES = 1_000;

function insert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  // Almost always the newest: append. Otherwise find its place (a replay after a resume).
  const last = messages.at(-1);
  if (last === undefined || message.seq > last.seq) {
    const next = [...messages, message];
    return next.length > MAX_LIVE_MESSAGES ? next.slice(next.length - MAX_LIVE_MESSAGES) : next;
  }
  if (messages.some((existing) => existing.seq === message.seq)) return messages;
  return [...messages, message].sort((a, b) => a.seq - b.seq);
}

export function roomReducer(current: RoomState | undefined, event: StreamEventOf<typeof STREAMS.room>): RoomState {
  const state = current ?? { messages: [], presence: null, resets: 0 };
  switch (event.type) {
    case "messages": {
      let messages = state.messages;
      for (const message of event.data) messages = insert(messages, message);
      return messages === state.messages ? state : { ...state, messages };
    }
    case "updates":
      return revise(state, event.data);
    case "presence":
      return { ...state, presence: event.data };
    case "reset":
      return { ...state, messages: [], revised: {}, resets: state.resets + 1 };
  }
}
