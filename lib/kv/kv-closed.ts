// The failure of an operation on a Kv that close() ended: a read or watch that had not
// finished, or a commit that had not been sent (nothing was done). A commit already sent when
// the Kv closed is not one of these: it settles with Redis's reply, or as KvCommitUnknownError.

export class KvClosedError extends Error {
  constructor() {
    super("The Kv was closed before this operation finished: nothing was done.");
    this.name = "KvClosedError";
  }
}
