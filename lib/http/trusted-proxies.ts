// TRUST_PROXY: how many reverse proxies the app trusts in front of it, each appending to
// X-Forwarded-For (nginx's proxy_add_x_forwarded_for does). Unset, empty or 0: none, and
// forwarding headers are never believed. Anything but a whole number is refused — the app's
// server does not start with it — rather than guessed at: "true" read as off would put every
// client in the proxy's one budget, read as on it would trust a header nobody vouches for.

/** A TRUST_PROXY that is not a count of proxies. */
export class TrustProxyConfigError extends Error {
  constructor(value: string) {
    super(
      `TRUST_PROXY must be the number of trusted reverse proxies in front of the app (0 or unset: none; 1: one, such as nginx), not ${JSON.stringify(value.slice(0, 40))}.`,
    );
    this.name = "TrustProxyConfigError";
  }
}

/** TRUST_PROXY as a count; throws TrustProxyConfigError for anything else. */
export function trustedProxyHops(): number {
  const value = (process.env.TRUST_PROXY ?? "").trim();
  if (value === "") return 0;
  if (!/^\d{1,2}$/.test(value)) throw new TrustProxyConfigError(value);
  return Number(value);
}
