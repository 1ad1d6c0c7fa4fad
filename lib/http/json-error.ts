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

/** An error a feature module raises on purpose, with the HTTP status and code it maps to. */
export interface ExposedError {
  status: number;
  code: string;
  message: string;
}

function isExposedError(error: unknown): error is ExposedError {
  if (!(error instanceof Error)) return false;
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  return typeof status === "number" && status >= 400 && status <= 599 && typeof code === "string";
}

/**
 * The response for anything a handler throws. Deliberate errors (a numeric `status` and a
 * string `code`) keep their status and message; anything else is logged and answered with
 * a generic 500, so no stack trace or internal detail reaches the client.
 */
export function errorResponse(error: unknown): Response {
  if (isExposedError(error)) return jsonError(error.status, error.code, error.message);
  console.error(error);
  return jsonError(500, "internal_error", "Something went wrong on our side. Please try again.");
}
