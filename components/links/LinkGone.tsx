// What a link's page shows once the link is deleted (by its owner, here or in another
// window): its analytics went with it, so there is nothing left to show but where to go.

import Link from "next/link";

export function LinkGone({ code }: { code: string }) {
  return (
    <div role="alert" data-testid="link-deleted" className="mx-auto mt-10 max-w-xl rounded-2xl border border-slate-200 bg-white px-6 py-12 text-center shadow-sm">
      <p className="mx-auto w-fit rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold text-slate-700">Deleted</p>
      <h2 className="mt-4 text-2xl font-bold tracking-tight text-slate-900">This link was deleted</h2>
      <p className="mt-3 text-base leading-7 text-pretty text-slate-600">
        <span className="font-mono">/s/{code}</span> no longer leads anywhere, and its analytics were deleted with it.
      </p>
      <Link
        href="/links"
        className="mt-6 inline-flex rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
      >
        Your links
      </Link>
    </div>
  );
}
