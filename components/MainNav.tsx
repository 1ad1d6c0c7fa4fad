"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const NAV = [
  { href: "/links", label: "Links" },
  { href: "/chat", label: "Chat" },
  { href: "/posts", label: "Posts" },
] as const;

/** Whether `pathname` is the section `href` or a page inside it (/chat/{room} is in Chat). */
function isIn(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

// A client component: the current page is read from the router, so it follows client-side
// navigations without the layout rendering again.
export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-0.5 text-sm font-medium sm:gap-1">
        {NAV.map(({ href, label }) => (
          <li key={href}>
            <Link
              href={href}
              aria-current={isIn(pathname, href) ? "page" : undefined}
              className="rounded-md px-2 py-1.5 text-slate-600 transition hover:bg-slate-100 hover:text-slate-900 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 aria-[current=page]:shadow-[inset_0_-2px_0_var(--color-indigo-600)] sm:px-3"
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
