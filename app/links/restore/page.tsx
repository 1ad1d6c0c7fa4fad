// /links/restore#key: where a visitor's private link leads (POST /api/visitor/key makes it).
// The page itself is the same for everyone; the key stays in the fragment, read by the browser.

import type { Metadata } from "next";
import { RestoreLinks } from "@/components/links/RestoreLinks";

export const metadata: Metadata = {
  title: "Bring back your links",
  robots: { index: false },
};

export default function RestorePage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-14 sm:py-20">
      <RestoreLinks />
    </div>
  );
}
