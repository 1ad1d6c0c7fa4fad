// What a room stream folds into: the live messages (in seq order, each once), the latest
// presence, and how many times the server said "reset". A pure reducer over stream events,
// for useLiveStream; replays and resumes may repeat messages, which are recognised by id.

import type { StreamEventOf } from "@/lib/api/declare-stream";
import type { STREAMS } from "@/lib/api/streams";
import type { ChatMessage, PresenceEvent } from "@/lib/chat/types";

export interface RoomState {
  messages: ChatMessage[];
  presence: PresenceEvent | null;
  /** Bumped by each reset event: the page reloads its history when it changes. */
  resets: number;
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
    case "presence":
      return { ...state, presence: event.data };
    case "reset":
      return { ...state, messages: [], resets: state.resets + 1 };
  }
}
