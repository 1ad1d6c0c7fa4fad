// The server's open watch count, from /api/health: how e2e tests see that a page or stream
// holds a watch, and lets go of it when it closes.

import type { APIRequestContext } from "@playwright/test";

export async function watchers(request: APIRequestContext): Promise<number> {
  const body = (await (await request.get("/api/health")).json()) as { watch: { watchers: number } };
  return body.watch.watchers;
}

/** The watch count once it holds still: earlier tests' pages may still be winding down. */
export async function settledWatchers(request: APIRequestContext): Promise<number> {
  let last = await watchers(request);
  for (let i = 0; i < 30; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await watchers(request);
    if (now === last) return now;
    last = now;
  }
  return last;
}
