import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-medium text-slate-700">LiveKV</span> — Deno KV&apos;s model on Redis,
          pushed to the browser over Server-Sent Events.
        </p>
        <nav aria-label="Footer">
          <Link href="/status" className="font-medium text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline">
            System status
          </Link>
        </nav>
      </div>
    </footer>
  );
}
