// The largest request body the app takes: every body it reads is a small JSON document.
// One number for every place that holds bodies to it — readJson in each route, the app's
// server before Next buffers a body (lib/server/body-cap.ts), Next's own buffer for proxy.ts
// (next.config.ts) — and one answer beyond it.
export const API_BODY_MAX_BYTES = 16 * 1024;

/** The 413's error code and message. */
export function bodyTooLarge(maxBytes = API_BODY_MAX_BYTES): { code: string; message: string } {
  return { code: "payload_too_large", message: `The request body is larger than ${maxBytes} bytes.` };
}
