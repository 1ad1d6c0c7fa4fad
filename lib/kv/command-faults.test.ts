// The Kv's commands against a Redis that hangs, loses a reply, or goes silent: every command
// ends within a bounded time, and a failed commit says truthfully what became of it — never
// sent or refused (nothing was done: RedisUnavailableError, a Redis refusal) or sent with no
// reply (KvCommitUnknownError) — and a commit the Kv gave up on never lands later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/redis/free-port";
import { startBlackholeProxy, type BlackholeProxy } from "@/scripts/redis/fixtures/blackhole-proxy";
import { isRedisUnavailable } from "../redis/unavailable";
import { KvCommitUnknownError, KvU64, openKv } from "./index";
import { uniquePrefix, useKvTestEnv, waitFor, withTimeout, type Kv } from "./test-support";

const env = useKvTestEnv({ appendOnly: true, port: await findFreePort() });
// Short, to keep the file quick; long enough that a busy machine does not trip it by itself.
const TIMEOUT_MS = 1_000;
let proxy: BlackholeProxy;

beforeAll(async () => {
  proxy = await startBlackholeProxy(env.server.port);
});
afterAll(async () => {
  await proxy.close();
});

/** What the promise failed with (it must fail, and within 10 s: a hang is a failure too). */
async function failure(promise: Promise<unknown>, what: string): Promise<Error> {
  const outcome = await withTimeout(
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    10_000,
    what,
  );
  if (!("error" in outcome)) throw new Error(`${what}: expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

function expectNothingDone(error: Error): void {
  expect(error).not.toBeInstanceOf(KvCommitUnknownError);
  expect(isRedisUnavailable(error)).toBe(true);
}

async function clicks(kv: Kv): Promise<bigint | null> {
  return (await kv.get<KvU64>(["clicks"])).value?.value ?? null;
}

describe("a hung Redis (SIGSTOP)", () => {
  it("a sent commit fails as outcome unknown, later commands fail unsent; after SIGCONT none of them lands", async () => {
    const prefix = uniquePrefix("hung");
    const kv = await openKv({ url: env.url, prefix, commandTimeoutMs: TIMEOUT_MS });
    const pid = env.server.pid as number;
    try {
      await kv.set(["before"], "ok");
      process.kill(pid, "SIGSTOP");
      try {
        // Written to a socket whose server does not answer: it may have been received.
        const sent = await failure(kv.atomic().sum(["clicks"], 1n).commit(), "the commit sent to the hung Redis");
        expect(sent).toBeInstanceOf(KvCommitUnknownError);
        expect(sent.message).toMatch(/may or may not have been applied/);

        // The heartbeat drops the silent connection; from then on nothing is written to it.
        await waitFor(
          async () => (await kv.ping().then(() => null, (error: Error) => error))?.name === "RedisUnavailableError",
          "the Kv to give up on the hung connection",
          { timeoutMs: 10_000 },
        );
        expectNothingDone(await failure(kv.atomic().sum(["clicks"], 1n).commit(), "a commit after the drop"));
        expectNothingDone(await failure(kv.get(["before"]), "a read after the drop"));
      } finally {
        process.kill(pid, "SIGCONT");
      }

      await waitFor(() => kv.set(["after"], "back").then(() => true, () => false), "the Kv to work again", {
        timeoutMs: 10_000,
      });
      // Redis ran the first commit when it woke, past its deadline: it refused itself.
      expect(await clicks(kv)).toBeNull();
      expect((await kv.get(["before"])).value).toBe("ok");
    } finally {
      await kv.close();
    }
  }, 30_000);
});

describe("a reply that never comes", () => {
  it("Redis applies the commit and the connection closes before the reply: outcome unknown, applied once", async () => {
    const prefix = uniquePrefix("lost-reply");
    const kv = await openKv({ url: proxy.url, prefix, commandTimeoutMs: TIMEOUT_MS });
    const direct = await env.open(prefix);
    try {
      proxy.dropReplyTo("lost-reply-marker");
      const error = await failure(
        kv.atomic().sum(["clicks"], 1n).set(["tag"], "lost-reply-marker").commit(),
        "the commit whose reply is lost",
      );
      expect(error).toBeInstanceOf(KvCommitUnknownError);
      // It was applied, once: the Kv told the truth, and did not send it again on reconnecting.
      expect((await direct.get(["tag"])).value).toBe("lost-reply-marker");
      await waitFor(() => kv.atomic().sum(["other"], 1n).commit().then(() => true, () => false), "the Kv to reconnect");
      expect(await clicks(direct)).toBe(1n);
    } finally {
      await kv.close();
    }
  });

  it("a command connection that goes silent (no FIN) is replaced: commits work again", async () => {
    const prefix = uniquePrefix("silent");
    const kv = await openKv({ url: proxy.url, prefix, commandTimeoutMs: TIMEOUT_MS });
    try {
      await kv.set(["k"], 1);
      // The command connection's name, as its handshake sends it (the subscriber's differs).
      expect(proxy.silence("$6\r\nlivekv\r\n")).toBe(1);
      expect(await failure(kv.set(["k"], 2), "a commit into the silent connection")).toBeInstanceOf(KvCommitUnknownError);
      await waitFor(() => kv.set(["k"], 3).then(() => true, () => false), "a commit on a new connection", {
        timeoutMs: 10_000,
      });
      expect((await kv.get(["k"])).value).toBe(3);
    } finally {
      await kv.close();
    }
  });
});

describe("Redis down", () => {
  it("a commit while the connection is down is never sent: nothing done, quickly refused", async () => {
    const prefix = uniquePrefix("down");
    const kv = await openKv({ url: env.url, prefix, commandTimeoutMs: TIMEOUT_MS });
    try {
      await env.server.stop();
      expectNothingDone(await failure(kv.atomic().sum(["clicks"], 1n).commit(), "a commit while Redis is down"));
    } finally {
      await env.server.start();
      await kv.close();
    }
    const after = await env.open(prefix);
    expect(await clicks(after)).toBeNull();
  });
});
