import { expect, test } from "@playwright/test";

test("GET /api/health answers ok JSON with the watch hub's figures", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["cache-control"]).toContain("no-store");

  const body: unknown = await res.json();
  expect(body).toMatchObject({
    ok: true,
    redis: { reachable: true, latencyMs: expect.any(Number) },
    notifications: { enabled: true, flags: expect.stringContaining("K"), nodes: { checked: 1, off: 0, unknown: 0 } },
    watch: {
      channels: expect.any(Number),
      patterns: expect.any(Number),
      watchers: expect.any(Number),
      notifications: expect.any(Number),
      reads: expect.any(Number),
      connected: expect.any(Boolean),
    },
  });
});
