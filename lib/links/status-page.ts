// The small HTML pages /s/{code} answers with when there is nowhere to redirect to. Plain
// HTML strings: a route handler answers with a Response, and these need no React.

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}
main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:1.5rem;margin:0 0 .75rem}p{color:#475569;line-height:1.5}
a{color:#4f46e5}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · LiveKV</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${message}</p><p><a href="/links">Create a short link</a> · <a href="/">Home</a></p></main></body></html>`;
}

export function notFoundPage(code: string): string {
  return page("Short link not found", `There is no short link <code>${escapeHtml(code.slice(0, 64))}</code>. Check the address for typos.`);
}

export function pausedPage(code: string): string {
  return page(
    "This short link is paused",
    `Its owner has paused the short link <code>${escapeHtml(code.slice(0, 64))}</code> for now, so it does not lead anywhere. Try again later.`,
  );
}

export function expiredPage(code: string, expiresAt: string | null): string {
  const when = expiresAt ? ` on ${escapeHtml(new Date(expiresAt).toUTCString())}` : "";
  return page("This short link has expired", `The short link <code>${escapeHtml(code)}</code> expired${when} and no longer leads anywhere.`);
}

export function blockedPage(code: string, reason: "not_web" | "short_link"): string {
  const why =
    reason === "not_web"
      ? "does not lead to a web address (http or https)"
      : "leads to a short link of this site, which would send you round in a loop";
  return page(
    "This short link cannot be followed",
    `The short link <code>${escapeHtml(code.slice(0, 64))}</code> ${why}, so it is not followed.`,
  );
}
