// Bugs planted in a Kv, to show the checkers catch them (a checker that never fails proves
// nothing). Each wraps a real Kv and breaks one promise of its atomic commits the way a
// plausible implementation would: by doing in the client, in several round trips, what
// must happen in one step in Redis.

import type { Kv } from "@/lib/kv/kv";
import type { AtomicCheck, KvCommitError, KvCommitResult, KvKey } from "@/lib/kv/types";
import { KvU64 } from "@/lib/kv/u64";
import type { AtomicUnderTest, KvUnderTest } from "./workload";

interface Staged {
  checks: AtomicCheck[];
  sets: { key: KvKey; value: unknown }[];
  sums: { key: KvKey; n: bigint }[];
}

type Commit = (kv: Kv, staged: Staged) => Promise<KvCommitResult | KvCommitError>;

/** Checks each versionstamp with a read, then writes: two clients can both pass the check. */
export function withCheckOutsideTheCommit(kv: Kv): KvUnderTest {
  return wrap(kv, async (inner, { checks, sets, sums }) => {
    for (const check of checks) {
      if ((await inner.get(check.key)).versionstamp !== check.versionstamp) return { ok: false };
    }
    await yieldToOthers();
    return commitUnchecked(inner, { checks: [], sets, sums });
  });
}

/** Sums by reading the counter and writing it back plus n: concurrent sums overwrite each other. */
export function withSumByReadAndWrite(kv: Kv): KvUnderTest {
  return wrap(kv, async (inner, { checks, sets, sums }) => {
    const totals: { key: KvKey; value: unknown }[] = [];
    for (const { key, n } of sums) {
      const current = (await inner.get<KvU64>(key)).value?.value ?? 0n;
      totals.push({ key, value: new KvU64(current + n) });
    }
    await yieldToOthers();
    return commitUnchecked(inner, { checks, sets: [...sets, ...totals], sums: [] });
  });
}

function commitUnchecked(kv: Kv, { checks, sets, sums }: Staged): Promise<KvCommitResult | KvCommitError> {
  const op = kv.atomic().check(...checks);
  for (const { key, value } of sets) op.set(key, value);
  for (const { key, n } of sums) op.sum(key, n);
  return op.commit();
}

function wrap(kv: Kv, commit: Commit): KvUnderTest {
  return {
    get: (key) => kv.get(key),
    set: async (key, value) => {
      const result = await commit(kv, { checks: [], sets: [{ key, value }], sums: [] });
      if (!result.ok) throw new Error("a set without checks cannot fail");
      return result;
    },
    atomic: () => new StagedAtomic((staged) => commit(kv, staged)),
    close: () => kv.close(),
  };
}

class StagedAtomic implements AtomicUnderTest {
  readonly #staged: Staged = { checks: [], sets: [], sums: [] };
  readonly #commit: (staged: Staged) => Promise<KvCommitResult | KvCommitError>;

  constructor(commit: (staged: Staged) => Promise<KvCommitResult | KvCommitError>) {
    this.#commit = commit;
  }

  check(...checks: AtomicCheck[]): this {
    this.#staged.checks.push(...checks);
    return this;
  }

  set(key: KvKey, value: unknown): this {
    this.#staged.sets.push({ key, value });
    return this;
  }

  sum(key: KvKey, n: bigint): this {
    this.#staged.sums.push({ key, n });
    return this;
  }

  commit(): Promise<KvCommitResult | KvCommitError> {
    return this.#commit(this.#staged);
  }
}

/** Lets other clients run between the read and the write, as a network round trip would. */
const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
