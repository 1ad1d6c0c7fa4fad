// A full Redis (maxmemory reached, noeviction): every API write is refused by Redis before it
// changes anything, so the app answers 503 `unavailable` with Retry-After — not a 500 — and
// what it logs meanwhile carries none of the requests' data: no visitor id, no client
// address, no text or URL they sent, in any encoding.
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { errorOf, jsonPost } from "@/lib/http/test-support";
import { useAppRedis } from "@/lib/server/test-support";
import { getKv } from "@/lib/server/kv";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as redirect } from "../s/[code]/route";
import { POST as postLink } from "./links/route";
import { POST as postComment } from "./posts/[id]/comments/route";
import { POST as like } from "./posts/[id]/like/route";
import { POST as postMessage } from "./rooms/[room]/messages/route";
import { POST as postRoom } from "./rooms/route";

const ORIGIN = "http://app.test";
const env = useAppRedis();
const POST_ID = "why-we-stopped-polling";

const visitorId = newVisitorId();
const address = "203.0.113.77";
const secrets = [
  visitorId,
  address,
  "full-redis-link-payload",
  "full-redis-message-payload",
  "full-redis-comment-payload",
  "full-redis-referrer.example",
];

const savedTrustProxy = process.env.TRUST_PROXY;
let withCookie: Record<string, string>;
beforeAll(async () => {
  // Behind a trusted proxy the client address becomes part of the rate-limit keys.
  process.env.TRUST_PROXY = "1";
  // A returning visitor's signed cookie, so that `visitorId` is the id the requests carry.
  withCookie = { cookie: await visitorCookieHeader(await getKv(), visitorId), "x-forwarded-for": address };
});
afterAll(async () => {
  if (savedTrustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = savedTrustProxy;
});

const post = (path: string, body: unknown, headers: Record<string, string> = withCookie) => jsonPost(`${ORIGIN}${path}`, body, headers);
const code = (value: string) => ({ params: Promise.resolve({ code: value }) });
const room = (value: string) => ({ params: Promise.resolve({ room: value }) });
const id = (value: string) => ({ params: Promise.resolve({ id: value }) });

/** Each secret as it might be printed: as is, as hex (keys are stored hex-encoded), as a Buffer's bytes. */
function encodings(secret: string): string[] {
  const hex = Buffer.from(secret).toString("hex");
  return [secret, hex, hex.replace(/(..)(?!$)/g, "$1 ")];
}

/** Fills Redis past a maxmemory set just above what it uses now. */
async function fillRedis(): Promise<void> {
  const redis = env.redis();
  const used = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
  await redis.config("SET", "maxmemory-policy", "noeviction");
  await redis.config("SET", "maxmemory", String(used + 256 * 1024));
  // One script: Redis checks maxmemory only before a script's first write.
  await redis.eval("for i = 1, 2000 do redis.call('SET', 'filler:' .. i, string.rep('x', 1000)) end", 0);
  await expect(redis.set("probe", "x")).rejects.toThrow(/^OOM/);
}

describe("a full Redis", () => {
  it("API writes answer 503 unavailable with Retry-After, a click 503, and the log carries no user data", async () => {
    const link = await postLink(post("/api/links", { url: "https://example.com/full", code: "full-redis" }));
    expect(link.status).toBe(201);
    const madeRoom = await postRoom(post("/api/rooms", { name: `Full ${Date.now()}` }));
    expect(madeRoom.status).toBe(201);
    const roomId = ((await madeRoom.json()) as { id: string }).id;
    await fillRedis();

    const logged: string[] = [];
    const spies = (["error", "warn", "log", "info", "debug"] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(format(...args))),
    );
    try {
      const responses = {
        // A first-time visitor (no cookie): its rate limit is counted by address.
        "POST /api/links": await postLink(post("/api/links", { url: "https://example.com/full-redis-link-payload" }, { "x-forwarded-for": address })),
        "POST /api/rooms/{room}/messages": await postMessage(
          post(`/api/rooms/${roomId}/messages`, { author: "Ann", text: "full-redis-message-payload" }),
          room(roomId),
        ),
        "POST /api/posts/{id}/like": await like(post(`/api/posts/${POST_ID}/like`, {}), id(POST_ID)),
        "POST /api/posts/{id}/comments": await postComment(
          post(`/api/posts/${POST_ID}/comments`, { author: "Ann", text: "full-redis-comment-payload" }),
          id(POST_ID),
        ),
      };
      const click = await redirect(
        new Request(`${ORIGIN}/s/full-redis`, {
          headers: { ...withCookie, referer: "https://full-redis-referrer.example/page", "user-agent": "Mozilla/5.0 Firefox/120.0" },
        }),
        code("full-redis"),
      );
      expect(click.status).toBe(503);
      for (const [route, response] of Object.entries(responses)) {
        const error = await errorOf(response);
        expect({ route, status: error.status, code: error.code }).toEqual({ route, status: 503, code: "unavailable" });
        expect(response.headers.get("retry-after")).toBe("2");
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const output = logged.join("\n");
    for (const secret of secrets) {
      for (const form of encodings(secret)) expect(output, `the log shows ${secret}`).not.toContain(form);
    }
  });
});
