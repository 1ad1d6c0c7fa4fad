// /links: create a short link, and see this visitor's links with their live click counts.
// The list is read here for the first render; the visitor is whoever the cookie says
// (a browser without it simply has no links yet).

import type { Metadata } from "next";
import { LinksDashboard } from "@/components/links/LinksDashboard";
import type { VisitorLinkView } from "@/lib/client/links/types";
import { listVisitorLinks, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";
import { pageOrigin } from "./page-origin";
import { pageVisitorId } from "./page-visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const metadata: Metadata = {
  title: "Shortlinks",
  description: "Shorten a URL and watch its clicks arrive live.",
};

export default async function LinksPage() {
  const origin = await pageOrigin();
  const kv = await getKv();
  const visitor = await pageVisitorId(origin, kv);
  const links = visitor === null ? [] : await listVisitorLinks(kv, visitor);
  const initialLinks: VisitorLinkView[] = links.map((link) => ({ ...link, shortUrl: shortUrl(origin, link.code) }));
  return <LinksDashboard origin={origin} initialLinks={initialLinks} />;
}
