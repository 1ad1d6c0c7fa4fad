// For tests that call route handlers as Next calls them: JSON requests in, error bodies out.

import type { ErrorBody } from "./json-error";

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
