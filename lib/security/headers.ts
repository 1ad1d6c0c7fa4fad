// Security headers for every response (next.config.ts's headers()). Pages get their
// Content-Security-Policy from proxy.ts instead, with a fresh script nonce per request;
// everything else the app serves (JSON, event streams, redirects, the short-link status
// pages, static files) gets a fixed policy that allows nothing it does not need.

export interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

/** On every response. */
export const COMMON_HEADERS: readonly { key: string; value: string }[] = [
  // A JSON error or an uploaded-looking text must never be sniffed into HTML or script.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Full URLs (with codes and room names) stay on this site; other sites see the origin.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // frame-ancestors in the CSP is the modern form; this covers browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** For responses that are data, not documents: nothing may load, run or frame them. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** /s/{code}'s own small HTML pages (not found, expired): one inline <style>, nothing else. */
export const STATUS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** next.config.ts headers(): common headers everywhere, a fixed CSP where proxy.ts sets none. */
export function securityHeaderRules(): HeaderRule[] {
  const csp = (value: string) => [{ key: "Content-Security-Policy", value }];
  return [
    { source: "/:path*", headers: [...COMMON_HEADERS] },
    { source: "/api/:path*", headers: csp(DATA_CSP) },
    { source: "/_next/:path*", headers: csp(DATA_CSP) },
    { source: "/icon.svg", headers: csp(DATA_CSP) },
    { source: "/s/:path*", headers: csp(STATUS_PAGE_CSP) },
  ];
}
