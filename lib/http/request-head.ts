// What the helpers that look at a request's method and headers need of it. A web Request has
// this shape; so does the node:http redirect front's view of an IncomingMessage
// (lib/links/redirect-front.ts), which reads Node's parsed headers where they lie instead of
// copying every one into a Headers object per click.

export interface RequestHead {
  readonly method: string;
  /** Absolute. */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}
