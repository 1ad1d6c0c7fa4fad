import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LiveKV", template: "%s · LiveKV" },
  description:
    "A key-value store your web app can subscribe to: Deno KV's API and watch() on Redis, pushed over Server-Sent Events.",
};

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
        <SiteHeader />
        <main className="flex-1">{children}</main>
        <SiteFooter />
      </body>
    </html>
  );
}
