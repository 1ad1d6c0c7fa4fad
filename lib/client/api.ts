// apiFetch: every call the browser makes to the app's API. It returns the answer's JSON (or
// undefined for a 204) or throws one ApiError, carrying the server's `{ error: { code,
// message } }` when it sent one — so every form shows the server's own words the same way.

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code; "network_error" or "http_error" when it gave none. */
    readonly code: string,
    message: string,
    /** Seconds to wait, from Retry-After (429, 503), or null. */
    readonly retryAfter: number | null = null,
    /** The answer's JSON, if any (a 503 from /api/health is still a full report). */
    readonly body: unknown = null,
    /** Whether `message` is the server's own (`{ error: { message } }`), not a stand-in. */
    readonly explained: boolean = false,
  ) {
    super(message);
  }

  /** The server's own message, or `fallback` when it gave none (or could not be reached). */
  messageOr(fallback: string): string {
    return this.explained ? this.message : fallback;
  }
}

function serverError(body: unknown): { code: string; message: string } | null {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== "string" || typeof error.message !== "string" || error.message === "") return null;
  return { code: error.code, message: error.message };
}

/** Sends `init.body` (already JSON text) as JSON; never served from the HTTP cache. */
export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        Accept: "application/json",
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...init.headers,
      },
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection.");
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const retryAfter = Number(response.headers.get("retry-after"));
  const error = serverError(body);
  throw new ApiError(
    response.status,
    error?.code ?? "http_error",
    error?.message ?? `The server answered ${response.status}.`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    body,
    error !== null,
  );
}
