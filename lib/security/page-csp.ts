// The Content-Security-Policy of the app's pages. Scripts run only with this response's
// nonce (Next puts it on its own script tags when it finds it in the request's CSP header)
// or when loaded by such a script ('strict-dynamic': Next's chunk loader), so an injected
// <script> or inline handler does not run even if some text slipped through as HTML.

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code (error overlays, stack rebuilding).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Stylesheets from this origin and Next's nonce'd inline styles; style *attributes*
    // (computed widths of chart bars) cannot carry a nonce, and cannot run code either. The
    // development overlay injects un-nonced <style> tags, and a nonce in the list would make
    // browsers ignore 'unsafe-inline', so development allows inline styles instead.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // The QR code and icons are inline SVG or data: URLs.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // fetch and EventSource: this origin only (dev adds its hot-reload socket).
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
