// Messages this process has stored, for /api/metrics and /api/health. On globalThis because
// Next may evaluate lib/chat once per route bundle: the send route counts, /api/metrics reads.

const shared = globalThis as typeof globalThis & { __livekvMessagesSent?: { messages: number } };

function counts(): { messages: number } {
  shared.__livekvMessagesSent ??= { messages: 0 };
  return shared.__livekvMessagesSent;
}

export function noteMessageSent(): void {
  counts().messages++;
}

/** Messages stored by this process since it started (a resent clientId is not counted again). */
export function messagesSent(): number {
  return counts().messages;
}
