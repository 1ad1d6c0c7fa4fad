// The one failure of a commit whose outcome the Kv cannot know: the commit was written to
// Redis, and then no reply came (the command timed out, or the connection was lost). Redis may
// have applied it — and a commit runs whole or not at all, so it is either entirely there or
// entirely absent. Every other failure of a commit means nothing was applied: it was never
// sent (no connection in time), or Redis answered with a refusal.

export class KvCommitUnknownError extends Error {
  constructor(cause: unknown) {
    super("The commit was sent to Redis but no reply came: it may or may not have been applied.", { cause });
    this.name = "KvCommitUnknownError";
  }
}
