// The production build has the app's routes only: the benchmarks' bare baseline routes
// (app/**/route.bench.ts) are built into the benchmarks' own build (.next-bench), never here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

test("the production build's routes hold no benchmark route", () => {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), ".next", "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const routes = Object.values(manifest);
  expect(routes).toEqual(expect.arrayContaining(["/api/health", "/s/[code]"]));
  expect(routes.filter((route) => route.includes("bench"))).toEqual([]);
});

test("the benchmarks' paths get the app's 404", async ({ request }) => {
  const api = await request.get("/api/bench/sse?key=k");
  expect(api.status()).toBe(404);
  expect(await api.json()).toMatchObject({ error: { code: "not_found" } });

  for (const path of ["/s/bench/sse?key=k", "/s/bench/bare/x", "/s/bench-bare/x"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
  }
});
