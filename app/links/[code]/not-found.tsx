// What /links/{code} shows for a code that names no link (notFound() in the page): a
// styled 404 that points somewhere useful.

import Link from "next/link";

export default function LinkNotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-20 text-center sm:py-28">
      <p className="rounded-full bg-indigo-50 px-3 py-1 font-mono text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-5 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">Link not found</h1>
      <p className="mt-4 text-base leading-7 text-pretty text-slate-600">
        There is no short link with that code. It may have been mistyped, or it never existed.
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link
          href="/links"
          className="rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
        >
          Create a short link
        </Link>
        <Link
          href="/"
          className="rounded-lg px-4 py-2.5 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 transition ring-inset hover:bg-white"
        >
          Home
        </Link>
      </div>
    </div>
  );
}
