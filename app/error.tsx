"use client";

// What a page shows when rendering it failed, most often because Redis is hung, busy or
// restarting: the page's data could not be read in time. It says so in the site's own look
// and tries again by itself, so the page comes back when the store does, without a reload.
// Next gives a server component no way to choose the status, so the response stays a 500.
// (The app's own, too, because Next's default carries an inline <style> the CSP refuses.)

import Link from "next/link";
import { useEffect, useState } from "react";

const RETRY_EVERY_S = 5;

export default function PageError({ retry }: { error: unknown; retry: () => void }) {
  const [secondsLeft, setSecondsLeft] = useState(RETRY_EVERY_S);

  // A countdown, one second a step; at zero the page is fetched and rendered again.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (secondsLeft > 1) return setSecondsLeft(secondsLeft - 1);
      setSecondsLeft(RETRY_EVERY_S);
      retry();
    }, 1_000);
    return () => clearTimeout(timer);
  }, [secondsLeft, retry]);

  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-20 text-center sm:py-28" data-testid="page-error">
      <p className="rounded-full bg-amber-100 px-3 py-1 text-sm font-semibold text-amber-800">Temporarily unavailable</p>
      <h1 className="mt-5 text-3xl font-bold tracking-tight text-balance text-slate-900 sm:text-4xl">
        This page can&apos;t be loaded right now
      </h1>
      <p className="mt-4 text-base leading-7 text-pretty text-slate-600">
        Its data could not be read just now, most often because the data store is busy or restarting. Nothing you did
        caused this.
      </p>
      <p className="mt-2 text-sm text-slate-500" role="status" aria-live="polite" data-testid="retry-status">
        Retrying in {secondsLeft} s…
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <button
          type="button"
          onClick={() => {
            setSecondsLeft(RETRY_EVERY_S);
            retry();
          }}
          className="rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
        >
          Try again now
        </button>
        <Link
          href="/"
          className="rounded-lg border border-slate-300 bg-white px-4 py-2.5 text-sm font-semibold text-slate-700 shadow-sm transition hover:bg-slate-50"
        >
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
