"use client";
// "Keep my links": the visitor's links live behind a cookie, so clearing cookies loses them.
// A visitor who wants them kept asks for a private link (/links/restore#key), shown once;
// opening it in any browser brings the links back. Nothing is kept unless asked for.

import { useState } from "react";
import { createRestoreKey, type RestoreKey } from "@/lib/client/links/restore-key";
import { CopyButton } from "./CopyButton";

export function KeepMyLinks() {
  const [pending, setPending] = useState(false);
  const [made, setMade] = useState<RestoreKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  const make = async (): Promise<void> => {
    if (pending) return;
    setPending(true);
    setError(null);
    const result = await createRestoreKey();
    setPending(false);
    if (result.ok) setMade(result.value);
    else setError(result.message);
  };

  return (
    <section aria-labelledby="keep-links-heading" data-testid="keep-my-links" className="mt-6 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 id="keep-links-heading" className="font-semibold text-slate-900">
        Keep my links
      </h2>
      {made === null ? (
        <>
          <p className="mt-2 text-sm leading-6 text-slate-600">
            There is no account: this browser remembers your links with a cookie, and clearing cookies forgets them. If you
            want to keep them, make a private link that brings them back in any browser.
          </p>
          <button
            type="button"
            onClick={() => void make()}
            disabled={pending}
            className="mt-3 inline-flex items-center justify-center rounded-lg bg-white px-3.5 py-2.5 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 transition ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
          >
            {pending ? "Making it…" : "Make my private link"}
          </button>
          {error && (
            <p role="alert" className="mt-2 text-sm text-rose-600">
              {error}
            </p>
          )}
        </>
      ) : (
        <div data-testid="private-link">
          <p className="mt-2 text-sm font-medium text-slate-900">Your private link — shown only this once:</p>
          <div className="mt-2 flex items-center gap-2">
            <input
              readOnly
              value={made.url}
              aria-label="Your private link"
              data-testid="private-link-url"
              onFocus={(event) => event.target.select()}
              className="min-w-0 flex-1 rounded-lg border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800 ring-1 ring-slate-200 ring-inset"
            />
            <CopyButton text={made.url} />
          </div>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm leading-6 text-slate-600">
            <li>Save it somewhere safe, such as a password manager: it cannot be shown again.</li>
            <li>Opening it in a browser makes that browser you: your links, and the right to change them, come back there.</li>
            <li>Anyone who has it can do the same, so share it with no one.</li>
            <li>Making a new one cancels this one.</li>
          </ul>
          <button
            type="button"
            onClick={() => setMade(null)}
            className="mt-3 text-sm font-semibold text-indigo-600 hover:text-indigo-700"
          >
            I have saved it
          </button>
        </div>
      )}
    </section>
  );
}
