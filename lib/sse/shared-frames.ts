// One encoding per event, however many connections send it. A live feed hands the same data
// object to all its subscribers (SharedFeed: one stats read per change for every SSE
// connection on a link), and JSON.stringify + UTF-8 encoding of it once per connection was
// most of the CPU a change cost at 1,000 clients (bench:sse profile). Frames are remembered
// per data object, so an event's data must not be mutated once sent: live sources build a
// fresh object per change. A WeakMap, so a frame lives no longer than its data.

import { encodeEvent } from "./encode";
import type { SseEvent } from "./protocol";

interface Frame {
  id: string | undefined;
  event: string | undefined;
  bytes: Uint8Array;
}

const frames = new WeakMap<object, Frame>();
const encoder = new TextEncoder();

/** encodeEvent, as bytes, reused while the same data goes out with the same id and type. */
export function encodeEventBytes(event: SseEvent): Uint8Array {
  const { data } = event;
  if (typeof data !== "object" || data === null) return encoder.encode(encodeEvent(event));
  const known = frames.get(data);
  if (known && known.id === event.id && known.event === event.event) return known.bytes;
  const bytes = encoder.encode(encodeEvent(event));
  frames.set(data, { id: event.id, event: event.event, bytes });
  return bytes;
}
