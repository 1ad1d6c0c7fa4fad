// Two failures of a commit that exist only because a Kv may span many Redis slots or wait for
// replicas. Both say exactly what happened to the data.

import type { KvKey } from "./types";

function showKey(key: KvKey): string {
  const parts = key.map((part) => {
    if (typeof part === "string") return JSON.stringify(part);
    if (typeof part === "bigint") return `${part}n`;
    if (part instanceof Uint8Array) return `Uint8Array(${part.byteLength})`;
    return String(part);
  });
  return `[${parts.join(", ")}]`;
}

/**
 * A commit whose keys lie in different partitions of a Kv spread over a Redis Cluster: Redis
 * cannot apply it atomically, so it was refused before anything was written.
 */
export class KvCrossPartitionCommitError extends TypeError {
  /** One key of each partition the commit touches. */
  constructor(readonly keys: readonly KvKey[]) {
    super(
      `This commit cannot be atomic on this Kv: its keys lie in different partitions (${keys.slice(0, 5).map(showKey).join(", ")}` +
        `${keys.length > 5 ? `, and ${keys.length - 5} more` : ""}). ` +
        "Nothing was written. Keys commit together only when their first partitionKeyParts parts are equal (or name one partition, with partitionOf).",
    );
    this.name = "KvCrossPartitionCommitError";
  }
}

/**
 * The commit was applied on the primary, but fewer replicas than asked confirmed it in time:
 * if that primary fails before they catch up, the commit can be lost. Its outcome is known now
 * (applied) but not lasting, so an app answers as for an unknown outcome.
 */
export class KvCommitNotReplicatedError extends Error {
  constructor(
    readonly versionstamp: string,
    readonly replicas: number,
    readonly wanted: number,
  ) {
    super(
      `The commit was applied on the Redis primary, but ${replicas} of the ${wanted} replica(s) asked for confirmed it in time: ` +
        "it may be lost if that primary fails now.",
    );
    this.name = "KvCommitNotReplicatedError";
  }
}
