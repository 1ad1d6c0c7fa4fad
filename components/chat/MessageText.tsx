// A message's text with its http(s) links clickable. Links open in a new tab without giving
// it a handle on this one (noopener), without telling it where the click came from
// (noreferrer), and without vouching for it (nofollow). Everything is React text: no HTML.

import { linkParts } from "@/lib/client/chat/links";

export function MessageText({ text, own }: { text: string; own: boolean }) {
  return (
    <>
      {linkParts(text).map((part, i) =>
        part.href === undefined ? (
          part.text
        ) : (
          <a
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            data-testid="message-link"
            className={`underline underline-offset-2 ${own ? "text-white decoration-white/60 hover:decoration-white" : "text-indigo-700 decoration-indigo-300 hover:decoration-indigo-700"}`}
          >
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
