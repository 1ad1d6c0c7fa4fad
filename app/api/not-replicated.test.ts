// With LIVEKV_WAIT_REPLICAS set, a write that Redis applied but no replica confirmed in time
// is answered truthfully: 503 `outcome_unknown` saying it may yet be lost — not
// `unavailable` ("nothing was done"), not a 500 — and the write is there. One Redis with no
// replica makes that every write's fate, deterministically.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, jsonPost } from "@/lib/http/test-support";
import { useAppRedis } from "@/lib/server/test-support";
import { GET as getLink } from "./links/[code]/route";
import { POST as postLink } from "./links/route";

const ORIGIN = "http://app.test";
useAppRedis();

beforeAll(() => {
  // Read when the app's Kv opens, which is at the first request below.
  process.env.LIVEKV_WAIT_REPLICAS = "1";
  process.env.LIVEKV_WAIT_REPLICAS_TIMEOUT_MS = "50";
});
afterAll(() => {
  delete process.env.LIVEKV_WAIT_REPLICAS;
  delete process.env.LIVEKV_WAIT_REPLICAS_TIMEOUT_MS;
});

describe("a write no replica confirmed", () => {
  it("POST /api/links answers 503 outcome_unknown that says it may be lost, and the link is there", async () => {
    const response = await postLink(jsonPost(`${ORIGIN}/api/links`, { url: "https://example.com/not-replicated", code: "not-replicated" }));
    const error = await errorOf(response);
    expect(error.status).toBe(503);
    expect(error.code).toBe("outcome_unknown");
    expect(error.message).toMatch(/applied/);
    expect(error.message).toMatch(/replica/);
    expect(error.message).not.toMatch(/nothing was done/);
    expect(response.headers.get("retry-after")).toBe("2");

    const page = await getLink(new Request(`${ORIGIN}/api/links/not-replicated`), { params: Promise.resolve({ code: "not-replicated" }) });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { link: { url: string } }).link.url).toBe("https://example.com/not-replicated");
  });
});
