// /links: create a short link, and see this visitor's links with their live click counts.
// The list is read here for the first render; the visitor is whoever the cookie says
// (a browser without it simply has no links yet).

import type { Metadata } from "next";
import { cookies } from "next/headers";
import { LinksDashboard } from "@/components/links/LinksDashboard";
import type { VisitorLinkView } from "@/lib/client/links/types";
import type { Kv } from "@livekv/server/kv";
import { listVisitorLinks, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";
import { readVisitorId, VISITOR_COOKIE } from "@livekv/server/visitor";
import { pageOrigin } from "./page-origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const metadata: Metadata = {
  title: "Shortlinks",
  description: "Shorten a URL and watch its clicks arrive live.",
};

async function visitorId(origin: string, kv: Kv): Promise<string | null> {
  const value = (await cookies()).get(VISITOR_COOKIE)?.value;
  if (value === undefined) return null;
  // The same check as the API's, so a forged cookie reads no one's list.
  return readVisitorId(new Request(origin, { headers: { cookie: `${VISITOR_COOKIE}=${value}` } }), kv);
}

export default async function LinksPage() {
  const origin = await pageOrigin();
  const kv = await getKv();
  const visitor = await visitorId(origin, kv);
  const links = visitor === null ? [] : await listVisitorLinks(kv, visitor);
  const initialLinks: VisitorLinkView[] = links.map((link) => ({ ...link, shortUrl: shortUrl(origin, link.code) }));
  return <LinksDashboard origin={origin} initialLinks={initialLinks} />;
}
