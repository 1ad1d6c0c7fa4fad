import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import { SkipLink } from "@/components/SkipLink";
import "./globals.css";

const DESCRIPTION =
  "A key-value store your web app can subscribe to: Deno KV's API and watch() on Redis, pushed over Server-Sent Events.";

// A host name with an optional port, nothing else: a forged Host header cannot put markup or
// another scheme into the page's meta tags.
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/** The site's own origin as this request reached it: link previews need absolute image URLs. */
async function siteOrigin(): Promise<URL> {
  const request = await headers();
  const host = request.get("x-forwarded-host") ?? request.get("host") ?? "";
  const proto = request.get("x-forwarded-proto") === "https" ? "https" : "http";
  return new URL(HOST.test(host) ? `${proto}://${host}` : "http://localhost:3000");
}

export async function generateMetadata(): Promise<Metadata> {
  const image = { url: "/og.png", width: 1200, height: 630, alt: "LiveKV: the chat demo open in two windows, live" };
  return {
    metadataBase: await siteOrigin(),
    title: { default: "LiveKV", template: "%s · LiveKV" },
    description: DESCRIPTION,
    openGraph: { type: "website", siteName: "LiveKV", title: "LiveKV", description: DESCRIPTION, images: [image] },
    twitter: { card: "summary_large_image", title: "LiveKV", description: DESCRIPTION, images: [image] },
  };
}

export const viewport: Viewport = {
  themeColor: "#4f46e5",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that response's CSP nonce
  // (proxy.ts), which a page rendered once at build time could not know.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-slate-50 font-sans text-slate-900">
        <SkipLink target="content" />
        <SiteHeader />
        {/* Focusable by script only, so the skip link moves keyboard focus here too. */}
        <main id="content" tabIndex={-1} className="flex-1">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
