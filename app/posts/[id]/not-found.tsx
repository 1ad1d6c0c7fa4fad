import Link from "next/link";

export default function PostNotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-20 text-center sm:px-6">
      <p className="text-sm font-semibold text-rose-600">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">This post does not exist</h1>
      <p className="mt-3 text-slate-600">It may have had a different address. The posts that do exist are one click away.</p>
      <Link
        href="/posts"
        className="mt-6 inline-flex h-10 items-center rounded-full bg-rose-600 px-5 text-sm font-semibold text-white shadow-sm transition hover:bg-rose-700"
      >
        See all posts
      </Link>
    </div>
  );
}
