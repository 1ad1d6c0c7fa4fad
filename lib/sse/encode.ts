// Server-side text/event-stream framing. Each function returns whole lines, so chunks can
// be written as they are without a parser on the other side ever seeing half a field.

import { toEnvelope, type SseEvent } from "./protocol";

// A CR, LF or NUL inside an id would end the field early or make the browser drop it.
const UNSAFE_ID = /[\r\n\0]/;

export function encodeEvent(event: SseEvent): string {
  let frame = "";
  if (event.id !== undefined) {
    if (UNSAFE_ID.test(event.id)) throw new TypeError("SSE event id must not contain CR, LF or NUL");
    frame += `id: ${event.id}\n`;
  }
  // JSON.stringify escapes newlines today; splitting anyway keeps the framing correct
  // whatever the serialiser does (each line of a payload needs its own `data:` field).
  for (const line of JSON.stringify(toEnvelope(event)).split(/\r\n|\r|\n/)) {
    frame += `data: ${line}\n`;
  }
  return frame + "\n";
}

/** A comment line: ignored by EventSource, but it moves bytes through idle proxies. */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

export function encodeRetry(ms: number): string {
  return `retry: ${ms}\n`;
}
