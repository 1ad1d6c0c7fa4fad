// For tests that call route handlers as Next calls them: JSON requests in, error bodies out.

import type { ErrorBody } from "./json-error";
import { believePeerStamps, PEER_ADDRESS_HEADER } from "./peer-address";

/** A JSON POST; a string body goes as it is, so tests can send malformed JSON. */
export function jsonPost(url: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** An error response's status with its `{ error: { code, message } }`, in one object. */
export async function errorOf(response: Response): Promise<{ status: number } & ErrorBody["error"]> {
  const body = (await response.json()) as ErrorBody;
  return { status: response.status, ...body.error };
}

/**
 * Headers of a request from a client at `address` as the app's server (server.ts) hands it
 * on, stamped with its peer: for route tests that play clients of addresses of their own.
 * Turns on, for this process, what the server's first stamp does: believing the stamp.
 */
export function fromPeer(address: string): Record<string, string> {
  believePeerStamps(true);
  return { [PEER_ADDRESS_HEADER]: address };
}

/** Back to a process no server stamps requests in (`next start` alone): every address "unknown". */
export function forgetPeerStamps(): void {
  believePeerStamps(false);
}
