// Tells the room "I am typing" while the visitor types: at most once per TYPING_REPORT_MS
// (the server's mark lasts TYPING_TTL_MS, longer than the gap), and "I stopped" when the
// draft is cleared without sending. Sending needs no report: the message's commit ends it.

import { TYPING_REPORT_MS } from "@/lib/chat/limits";
import { reportTyping } from "./api";

export class TypingReporter {
  #lastReport = -Infinity;
  #active = false;

  constructor(private readonly roomId: string) {}

  /** Call on every change of the draft. */
  draftChanged(draft: string): void {
    const now = Date.now();
    if (draft.trim() === "") {
      if (this.#active) this.#send(false);
      return;
    }
    if (now - this.#lastReport >= TYPING_REPORT_MS) {
      this.#lastReport = now;
      this.#send(true);
    }
  }

  /** The draft went out as a message (the server cleared "typing" with it). */
  sent(): void {
    this.#active = false;
    this.#lastReport = -Infinity;
  }

  /** A send failed, so the server did not clear "typing": the draft is gone, say so. */
  sendFailed(): void {
    this.#send(false);
  }

  #send(typing: boolean): void {
    this.#active = typing;
    if (!typing) this.#lastReport = -Infinity;
    // Best effort: a lost report only makes "typing…" late or short.
    reportTyping(this.roomId, typing).catch(() => {});
  }
}
