"use client";
// The visitor's own links (GET /api/links; the cookie says whose), server-rendered first.
// Not a live stream: the list only changes when this visitor creates a link, and then the
// form tells it to (add), while click counts are live on their own stream (useLinkCounts).

import useSWR from "swr";
import { apiFetch } from "@/lib/client/api";
import type { CreatedLink, VisitorLinkView } from "@/lib/client/links/types";

interface ListBody {
  links: VisitorLinkView[];
}

const fetchLinks = (url: string): Promise<ListBody> => apiFetch<ListBody>(url);

export function useVisitorLinks(initialLinks: VisitorLinkView[]) {
  const { data, mutate } = useSWR<ListBody>("/api/links", fetchLinks, {
    fallbackData: { links: initialLinks },
    // The server just rendered this list: fetching it again on mount would only repeat it.
    revalidateOnMount: false,
  });

  /** Shows a just-created link at once, then re-reads the list to confirm it. */
  const add = (link: CreatedLink): void => {
    const view: VisitorLinkView = { ...link, clicks: 0, expired: false };
    void mutate((current) => ({ links: [view, ...(current?.links ?? []).filter((l) => l.code !== link.code)] }), {
      revalidate: true,
    });
  };

  return { links: data?.links ?? initialLinks, add };
}
