// The 404 page for any unknown path. The app's own (rather than Next's default) so that it
// looks like the rest of the site, and because Next's default page carries an inline
// <style> without the CSP nonce, which the page's Content-Security-Policy refuses.

import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-20 text-center sm:py-28">
      <p className="rounded-full bg-slate-100 px-3 py-1 font-mono text-sm font-semibold text-slate-600">404</p>
      <h1 className="mt-5 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">Page not found</h1>
      <p className="mt-4 text-base leading-7 text-pretty text-slate-600">There is nothing at this address.</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link
          href="/"
          className="rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
        >
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
