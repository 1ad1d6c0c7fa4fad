"use client";
// /links/restore#key: the private link made by "Keep my links". The key is read from the
// fragment, which the browser never sends to the server in the address; it is posted only
// when the visitor says so, since this browser then becomes that visitor (and its current
// links, if any, are no longer listed here).

import Link from "next/link";
import { useState } from "react";
import { useUrlFragment } from "@/lib/client/hooks/useUrlFragment";
import { keyFromFragment, restoreVisitor } from "@/lib/client/links/restore-key";

type State = { step: "ready" } | { step: "restoring" } | { step: "restored" } | { step: "failed"; message: string };

const PRIMARY =
  "inline-flex items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";

export function RestoreLinks() {
  const key = keyFromFragment(useUrlFragment());
  const [state, setState] = useState<State>({ step: "ready" });

  const restore = async (): Promise<void> => {
    if (state.step === "restoring") return;
    setState({ step: "restoring" });
    const result = await restoreVisitor(key);
    if (!result.ok) {
      setState({ step: "failed", message: result.message });
      return;
    }
    // The key has done its work: it need not stay in the address bar or the history entry.
    window.history.replaceState(null, "", window.location.pathname);
    setState({ step: "restored" });
  };

  if (state.step === "restored") {
    return (
      <div role="status" data-testid="restore-result" data-result="restored">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">Your links are back</h1>
        <p className="mt-3 text-base leading-7 text-slate-600">This browser is you again: your links and their analytics are listed, and you can change them.</p>
        <Link href="/links" className={`mt-6 ${PRIMARY}`}>
          See my links
        </Link>
      </div>
    );
  }

  return (
    <div>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">Bring back your links</h1>
      {key === "" ? (
        <p className="mt-3 text-base leading-7 text-slate-600" data-testid="restore-result" data-result="no-key">
          This page needs the private link made under “Keep my links”, whole: the part after # is the key. Open that link as
          you saved it.
        </p>
      ) : (
        <>
          <p className="mt-3 text-base leading-7 text-slate-600">
            This private link makes this browser the one that created your links, so they are listed here and you can change
            them. Links made in this browser before now will no longer be listed here.
          </p>
          <button type="button" onClick={() => void restore()} disabled={state.step === "restoring"} className={`mt-6 ${PRIMARY}`}>
            {state.step === "restoring" ? "Restoring…" : "Restore my links"}
          </button>
          {state.step === "failed" && (
            <p role="alert" data-testid="restore-result" data-result="failed" className="mt-3 text-sm text-rose-600">
              {state.message}
            </p>
          )}
        </>
      )}
    </div>
  );
}
