// /links/{code}: one link's live analytics. The stats are read here for the first render
// for the view the URL asks for (so the page is complete without JavaScript and without a
// loading flash; the range's view in UTC until the browser asks for its own zone); the client
// then follows them live over /api/links/{code}/events.

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LinkAnalytics } from "@/components/links/LinkAnalytics";
import { pageViewFrom, searchParamsOf } from "@/lib/client/links/view-params";
import { QrCode } from "@/components/links/QrCode";
import { getLinkAnalytics, isPossibleCode, ownsLink, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";
import { pageOrigin } from "../page-origin";
import { pageVisitorId } from "../page-visitor";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface Props {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  // Visitors' codes must not be indexed as pages of this site.
  return { title: isPossibleCode(code) ? `/s/${code} analytics` : "Link not found", robots: { index: false } };
}

export default async function LinkAnalyticsPage({ params, searchParams }: Props) {
  const { code } = await params;
  // The URL's view (range, filters; an unknown one is the default), in UTC: the browser asks
  // for its own time zone once it runs.
  const view = pageViewFrom(searchParamsOf(await searchParams));
  const kv = await getKv();
  const analytics = await getLinkAnalytics(kv, code, { ...view, timeZone: "UTC" });
  if (analytics === null) notFound();
  const origin = await pageOrigin();
  const url = shortUrl(origin, code);
  // Decided here, so the controls are in the first render for the owner and never sent to anyone else.
  const owner = await ownsLink(kv, code, await pageVisitorId(origin, kv));
  const initialStats = { ...analytics.stats, view: analytics.view };
  // The QR code's marker (?qr=1) makes its scans count apart from clicks; it is not sent on.
  return <LinkAnalytics code={code} shortUrl={url} initialStats={initialStats} qr={<QrCode value={`${url}?qr=1`} />} owner={owner} />;
}
