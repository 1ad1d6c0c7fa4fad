// Where a Kv keeps its data in Redis. Everything lives under one prefix, so apps and tests
// can share a Redis without seeing each other's keys.
//   <prefix>:d:<hex key>  a string: 20-char versionstamp, then the encoded value
//   <prefix>:i            a sorted set of every hex key (all score 0), for ordered list()
//   <prefix>:v            the commit counter that versionstamps come from

const PREFIX_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export interface KeyLayout {
  readonly prefix: string;
  readonly dataPrefix: string;
  readonly index: string;
  readonly clock: string;
}

export function keyLayout(prefix: string): KeyLayout {
  // No glob or separator characters: the prefix is part of PSUBSCRIBE patterns.
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new TypeError("Kv prefix must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'");
  }
  return { prefix, dataPrefix: `${prefix}:d:`, index: `${prefix}:i`, clock: `${prefix}:v` };
}

/** Bytes of the versionstamp at the head of every stored value. */
export const VERSIONSTAMP_LENGTH = 20;

/** The keyspace-notification channel of a data key is this, then the key. */
export function keyspaceChannelPrefix(db: number): string {
  return `__keyspace@${db}__:`;
}

/**
 * The message of the keyspace event a commit publishes itself when it deletes a key that was
 * not there (Redis sends none): it wakes raw key watchers; prefix watchers ignore it.
 */
export const ABSENT_DELETE_EVENT = "livekv:del-absent";
