// Turning a refused request into words for the visitor: the server's own message when it
// sent one (`{ error: { message } }`, e.g. "Too many comments: try again in 12 s."), else
// `fallback`.

export async function errorMessageOf(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    const message = body.error?.message;
    if (typeof message === "string" && message !== "") return message;
  } catch {
    // Not JSON (a proxy's error page): the fallback says enough.
  }
  return fallback;
}
