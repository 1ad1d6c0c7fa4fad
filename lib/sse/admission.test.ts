// Caps on open SSE streams: per visitor (the verified cookie), per trusted client address,
// per process. Beyond one: 503 JSON with Retry-After and the source cancelled; a closed
// stream frees its place.
import { afterEach, describe, expect, it } from "vitest";
import { maxStreamsFor, openFileLimit } from "@/lib/server/file-limit";
import { newVisitorId } from "@/lib/visitor";
import { sseLimits } from "./admission";
import { sseConnectionCounts } from "./connections";
import { sseResponse } from "./server";
import { BodyReader, ManualSource } from "./test-support";

const saved = { ...process.env };
afterEach(() => {
  for (const name of ["LIVEKV_SSE_MAX_PER_VISITOR", "LIVEKV_SSE_MAX_PER_ADDRESS", "LIVEKV_SSE_MAX_PER_PROCESS", "TRUST_PROXY"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

interface Opened {
  response: Response;
  source: ManualSource;
  close: () => Promise<void>;
}

function open(headers: Record<string, string> = {}, visitorId: string | null = null): Opened {
  const abort = new AbortController();
  const source = new ManualSource();
  const response = sseResponse(new Request("http://test.local/events", { headers, signal: abort.signal }), source, { visitorId });
  return {
    response,
    source,
    close: async () => {
      abort.abort();
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

async function refusal(response: Response): Promise<{ status: number; code: string; retryAfter: string | null }> {
  const body = (await response.json()) as { error: { code: string } };
  return { status: response.status, code: body.error.code, retryAfter: response.headers.get("retry-after") };
}

describe("SSE admission caps", () => {
  it("per visitor: the N+1st stream of one visitor is refused; others are not; closing one frees a place", async () => {
    process.env.LIVEKV_SSE_MAX_PER_VISITOR = "3";
    const visitor = newVisitorId();
    const held = [open({}, visitor), open({}, visitor), open({}, visitor)];
    for (const stream of held) expect(stream.response.status).toBe(200);
    const extra = open({}, visitor);
    expect(await refusal(extra.response)).toEqual({ status: 503, code: "too_many_streams", retryAfter: "10" });
    // The refused stream's source was let go at once.
    expect(extra.source.returnCalls).toBe(1);
    // Another visitor, and a cookie-less client, are not affected.
    const other = open({}, newVisitorId());
    const anonymous = open();
    expect([other.response.status, anonymous.response.status]).toEqual([200, 200]);
    await held[0].close();
    const again = open({}, visitor);
    expect(again.response.status).toBe(200);
    await Promise.all([...held, other, anonymous, again].map((s) => s.close()));
  });

  it("per address, behind a trusted proxy only", async () => {
    process.env.LIVEKV_SSE_MAX_PER_ADDRESS = "2";
    process.env.TRUST_PROXY = "1";
    const from = { "x-forwarded-for": "203.0.113.7" };
    const held = [open(from), open(from)];
    expect((await refusal(open(from).response)).status).toBe(503);
    expect(open({ "x-forwarded-for": "203.0.113.8" }).response.status).toBe(200);
    delete process.env.TRUST_PROXY;
    // Without the proxy the header means nothing: only the process cap applies.
    expect(open(from).response.status).toBe(200);
    await Promise.all(held.map((s) => s.close()));
  });

  it("per address, visitors too: many visitors from one address share its cap", async () => {
    process.env.LIVEKV_SSE_MAX_PER_ADDRESS = "2";
    process.env.TRUST_PROXY = "1";
    const from = { "x-forwarded-for": "203.0.113.9" };
    // A client can collect any number of real visitor cookies; each would have a cap of its own.
    const held = [open(from, newVisitorId()), open(from, newVisitorId())];
    expect(held.map((s) => s.response.status)).toEqual([200, 200]);
    expect(await refusal(open(from, newVisitorId()).response)).toEqual({ status: 503, code: "too_many_streams", retryAfter: "10" });
    const elsewhere = open({ "x-forwarded-for": "203.0.113.10" }, newVisitorId());
    expect(elsewhere.response.status).toBe(200);
    await held[0].close();
    const again = open(from, newVisitorId());
    expect(again.response.status).toBe(200);
    await Promise.all([...held, elsewhere, again].map((s) => s.close()));
  });

  it("per process: beyond the cap every new stream is refused until one closes", async () => {
    const base = sseConnectionCounts().open;
    process.env.LIVEKV_SSE_MAX_PER_PROCESS = String(base + 2);
    const held = [open(), open()];
    const refused = open();
    expect(await refusal(refused.response)).toEqual({ status: 503, code: "too_many_streams", retryAfter: "10" });
    await held[1].close();
    const next = open();
    expect(next.response.status).toBe(200);
    await Promise.all([held[0], next].map((s) => s.close()));
    expect(sseConnectionCounts().open).toBe(base);
  });

  it("a stream that ends by itself gives its place back", async () => {
    process.env.LIVEKV_SSE_MAX_PER_VISITOR = "1";
    const visitor = newVisitorId();
    const first = open({}, visitor);
    const body = new BodyReader(first.response);
    first.source.end();
    await body.rest();
    expect(open({}, visitor).response.status).toBe(200);
  });

  it("per process: never more than the open-file limit leaves, whatever is configured; refusals close the connection", async () => {
    process.env.LIVEKV_SSE_MAX_PER_PROCESS = "100000000";
    expect(sseLimits().perProcess).toBe(Math.min(100_000_000, maxStreamsFor(openFileLimit())));
    process.env.LIVEKV_SSE_MAX_PER_PROCESS = String(sseConnectionCounts().open + 1);
    const held = open();
    const refused = open();
    expect(refused.response.status).toBe(503);
    expect(refused.response.headers.get("connection")).toBe("close");
    await held.close();
  });
});
