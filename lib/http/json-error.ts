// One error shape for every JSON route: `{ error: { code, message } }`. `code` is stable for
// programs to branch on; `message` is for people.

export interface ErrorBody {
  error: { code: string; message: string };
}

export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message } };
  const out = new Headers(headers);
  // An error is about this request only; a cache must never serve it to the next one.
  out.set("Cache-Control", "no-store");
  return Response.json(body, { status, headers: out });
}
