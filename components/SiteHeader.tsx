import Link from "next/link";
import { Logo } from "./Logo";

const NAV = [
  { href: "/links", label: "Links" },
  { href: "/chat", label: "Chat" },
  { href: "/posts", label: "Posts" },
] as const;

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200/80 bg-white/80 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <Logo />
          <span className="text-lg">LiveKV</span>
        </Link>
        <nav aria-label="Main">
          <ul className="flex items-center gap-0.5 text-sm font-medium sm:gap-1">
            {NAV.map(({ href, label }) => (
              <li key={href}>
                <Link
                  href={href}
                  className="rounded-md px-2 py-1.5 text-slate-600 transition hover:bg-slate-100 hover:text-slate-900 sm:px-3"
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
