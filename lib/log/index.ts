// lib/log: errors as log lines that carry no user data. An error from Redis holds the command
// it failed (ioredis's `command`, with every argument: visitor ids, addresses, message text)
// and Redis's reply, which can quote arguments back; logging such an error as it is prints all
// of it. So an error from Redis is told by its class and the first word of the reply (OOM,
// LOADING, NOSCRIPT...), never its arguments; the app's own errors keep their message, and a
// bug keeps its stack frames (code locations, no data).

const MAX_CAUSES = 5;

function isFromRedis(error: Error): boolean {
  // ioredis sets `command` on the errors of a command (ReplyError, AbortError...).
  return error.name === "ReplyError" || "command" in error;
}

function describeOne(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}`;
  const code = (error as Error & { code?: unknown }).code;
  const name = typeof code === "string" ? `${error.name} [${code}]` : error.name;
  if (isFromRedis(error)) return `${name}: ${error.message.split(/\s/, 1)[0]}`;
  return `${name}: ${error.message}`;
}

/** The error and its causes in one line, with nothing of what Redis was sent or answered. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current !== undefined; depth++) {
    parts.push(describeOne(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" <- caused by ");
}

/** Where in the code it was thrown: the stack's frames without its first line (the message). */
function frames(error: unknown): string {
  if (!(error instanceof Error) || isFromRedis(error) || typeof error.stack !== "string") return "";
  const lines = error.stack.split("\n").filter((line) => /^\s+at /.test(line));
  return lines.length > 0 ? `\n${lines.join("\n")}` : "";
}

/** Logs `error` under `context` (what failed), without user data. */
export function logError(context: string, error: unknown): void {
  console.error(`[livekv] ${context}: ${describeError(error)}${frames(error)}`);
}
