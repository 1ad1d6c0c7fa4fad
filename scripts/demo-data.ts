// Demo data put into a running app through its HTTP API, as visitors would: a short link with
// clicks from a few browsers, devices, referrers and countries; a chat room with a short
// conversation. (The demo posts are seeded by the app itself on first use.) The screenshots
// (scripts/screenshots.ts) and the contrast check (e2e/contrast.spec.ts) show pages with it.

import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";

export interface DemoData {
  linkCode: string;
  roomId: string;
  postId: string;
}

const VISITS: readonly { ua: string; referer?: string; country?: string }[] = [
  {
    ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    referer: "https://news.ycombinator.com/item?id=1",
    country: "US",
  },
  {
    ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    referer: "https://twitter.com/",
    country: "FR",
  },
  {
    ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
    referer: "https://www.google.com/",
    country: "DE",
  },
  {
    ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    country: "JP",
  },
  {
    ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    referer: "https://www.linkedin.com/",
    country: "GB",
  },
];

const CONVERSATION: readonly { author: string; text: string }[] = [
  { author: "Ada", text: "Morning! Did the deploy go out?" },
  { author: "Linus", text: "It did, about ten minutes ago. Clicks are already showing up on the launch link." },
  { author: "Ada", text: "Nice, I can see them counting up in the other window!" },
  { author: "Grace", text: "Same here. No reload, it just moves." },
];

/** Something no earlier run has taken (the e2e Redis is shared by the specs of a run). */
const suffix = () => `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;

async function ok(response: { ok(): boolean; status(): number; text(): Promise<string> }, what: string) {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
}

/**
 * Seeds the demo data through `request` (its base URL is the app). Each chat author is a
 * visitor of their own, with the cookie the app hands them, as a browser would keep it.
 * `fresh`: the app's data is new, so the link and the room get plain names; otherwise the
 * names get a unique suffix.
 */
export async function seedDemoData(request: APIRequestContext, baseURL: string, { fresh = false } = {}): Promise<DemoData> {
  const unique = (name: string, separator: string) => (fresh ? name : `${name}${separator}${suffix()}`);
  const linkCode = unique("launch", "-");
  const created = await request.post("/api/links", {
    data: { url: "https://example.com/blog/introducing-livekv", code: linkCode },
  });
  await ok(created, "create link");
  for (const [i, visit] of VISITS.entries()) {
    // Earlier visits count more, so the breakdowns have a shape.
    for (let n = 0; n < VISITS.length - i; n++) {
      const headers: Record<string, string> = { "user-agent": visit.ua };
      if (visit.referer) headers.referer = visit.referer;
      if (visit.country) headers["cf-ipcountry"] = visit.country;
      const click = await request.get(`/s/${linkCode}`, { maxRedirects: 0, headers });
      if (click.status() !== 302) throw new Error(`click: ${click.status()}`);
    }
  }

  const room = await request.post("/api/rooms", { data: { name: unique("Launch day", " ") } });
  await ok(room, "create room");
  const { id: roomId } = (await room.json()) as { id: string };
  const { request: playwrightRequest } = await import("@playwright/test");
  const authors = new Map<string, APIRequestContext>();
  try {
    for (const { author, text } of CONVERSATION) {
      let client = authors.get(author);
      if (!client) {
        client = await playwrightRequest.newContext({ baseURL });
        authors.set(author, client);
      }
      await ok(await client.post(`/api/rooms/${roomId}/messages`, { data: { author, text } }), "send message");
    }
  } finally {
    await Promise.all([...authors.values()].map((client) => client.dispose()));
  }

  const posts = await request.get("/api/posts");
  await ok(posts, "list posts");
  const body = (await posts.json()) as { posts: { id: string }[] };
  const postId = body.posts[0]?.id;
  if (!postId) throw new Error("no demo post");
  await ok(
    await request.post(`/api/posts/${postId}/comments`, {
      data: { author: "Ada", text: "The like counter moved while I was reading. Lovely." },
    }),
    "comment",
  );
  await ok(await request.post(`/api/posts/${postId}/like`), "like");
  return { linkCode, roomId, postId };
}
