// The recent events of one stream in this tab, replayed to a subscriber that joins late
// (another component in this tab, or a follower tab asking the leader).
//
// Recent events rather than only the last one: for a state stream the last replayed event
// is the current state (reducers replace, so the older ones are harmless), and for a log
// stream a newcomer also gets the items that arrived between its server render and its
// subscription (reducers dedupe by id). Bounded, so a long-lived tab stays small.

import type { StreamEvent } from "@/lib/sse/protocol";

export const REPLAY_LIMIT = 50;

export class ReplayBuffer {
  private events: StreamEvent[] = [];
  private latestId = "";

  constructor(private readonly limit = REPLAY_LIMIT) {}

  push(event: StreamEvent): void {
    this.events.push(event);
    if (this.events.length > this.limit) this.events.shift();
    if (event.id !== "") this.latestId = event.id;
  }

  snapshot(): StreamEvent[] {
    return [...this.events];
  }

  /** The id to resume from: the newest id seen, even if its event has been dropped. */
  lastId(): string {
    return this.latestId;
  }
}
