// The browser side of clientIds: one per submission. Sending the same request again (the
// answer was lost, the server was away) reuses it, so the server can tell a retry from a
// new request; anything else — a changed field, or a submission after a success — gets a
// new one. No imports: client components use this file directly.

export class SubmissionKeys {
  #last: { request: string; clientId: string } | null = null;

  /** The clientId for this request (JSON of what is being sent, without the clientId). */
  clientIdFor(request: string): string {
    if (this.#last?.request !== request) this.#last = { request, clientId: newClientId() };
    return this.#last.clientId;
  }

  /** The request was answered with a result: the next submission is a new one. */
  succeeded(): void {
    this.#last = null;
  }
}

// 16 random bytes, base64url. Not crypto.randomUUID(): browsers offer that only on https
// and localhost pages.
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
