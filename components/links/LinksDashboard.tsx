"use client";
// /links: the create form beside the visitor's links. The form tells the list about a new
// link directly, so it appears without waiting for a refetch.

import { CreateLinkForm } from "./CreateLinkForm";
import { KeepMyLinks } from "./KeepMyLinks";
import { MyLinks } from "./MyLinks";
import { TopLinks } from "./TopLinks";
import type { VisitorLinkView } from "@/lib/client/links/types";
import { useVisitorLinks } from "@/lib/client/hooks/useVisitorLinks";

export function LinksDashboard({ origin, initialLinks }: { origin: string; initialLinks: VisitorLinkView[] }) {
  const { links, add } = useVisitorLinks(initialLinks);
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6 sm:py-12">
      <div className="max-w-2xl">
        <p className="text-sm font-medium text-indigo-600">Shortlinks</p>
        <h1 className="mt-2 text-3xl font-bold tracking-tight text-balance text-slate-900 sm:text-4xl">
          Shorten a link. Watch every click arrive.
        </h1>
        <p className="mt-3 text-base leading-7 text-pretty text-slate-600">
          Each click is counted in one atomic commit and pushed to every open page the moment it lands: counts, charts,
          referrers and countries, live.
        </p>
      </div>
      <div className="mt-8 grid grid-cols-1 items-start gap-8 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
        <div className="lg:sticky lg:top-20">
          <CreateLinkForm origin={origin} onCreated={add} />
          {links.length > 0 && <KeepMyLinks />}
        </div>
        <div className="min-w-0">
          <TopLinks links={links} />
          <MyLinks links={links} />
        </div>
      </div>
    </div>
  );
}
