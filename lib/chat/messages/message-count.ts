// Messages this process has stored: the send route counts, /api/metrics reads.

import { processCount } from "@/lib/server/process-count";

const messages = processCount("chat messages sent");

export function noteMessageSent(): void {
  messages.add();
}

/** Messages stored by this process since it started (a resent clientId is not counted again). */
export function messagesSent(): number {
  return messages.value;
}
