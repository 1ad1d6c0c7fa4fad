// A comment stream's position: the versionstamp of the newest comment a client has. It
// travels as the SSE event id and comes back as Last-Event-ID, so it is untrusted input.

const VERSIONSTAMP = /^[0-9a-f]{20}$/;

/** The cursor in a Last-Event-ID, or null when it is not one (then the stream starts fresh). */
export function parseCursor(value: string | null): string | null {
  return value !== null && VERSIONSTAMP.test(value) ? value : null;
}
