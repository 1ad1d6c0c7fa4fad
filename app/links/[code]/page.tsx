// /links/{code}: one link's live analytics. The stats are read here for the first render
// (so the page is complete without JavaScript and without a loading flash); the client
// then follows them live over /api/links/{code}/events.

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LinkAnalytics } from "@/components/links/LinkAnalytics";
import { QrCode } from "@/components/links/QrCode";
import { getLinkStats, isPossibleCode, shortUrl } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";
import { pageOrigin } from "../page-origin";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface Props {
  params: Promise<{ code: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  // Visitors' codes must not be indexed as pages of this site.
  return { title: isPossibleCode(code) ? `/s/${code} analytics` : "Link not found", robots: { index: false } };
}

export default async function LinkAnalyticsPage({ params }: Props) {
  const { code } = await params;
  const stats = await getLinkStats(await getKv(), code);
  if (stats === null) notFound();
  const url = shortUrl(await pageOrigin(), code);
  return <LinkAnalytics code={code} shortUrl={url} initialStats={stats} qr={<QrCode value={url} />} />;
}
