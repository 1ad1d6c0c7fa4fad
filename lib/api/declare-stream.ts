// What a live stream is, declared once for both sides (as a tRPC procedure is): its path
// pattern, the query parameters a client may set, and each event's name and payload type.
// Isomorphic — no server imports — so the browser derives its URLs and typed events from the
// same declaration that the server's route table, route files and API route list come from
// (lib/streams attaches each stream's implementation, type-checked against it).

/** The names in a path pattern's "[x]" segments. */
type PathParamNames<Path extends string> = Path extends `${string}[${infer Name}]${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;

/** How a query parameter travels: one string, or a list joined by commas. */
export type QueryKind = "string" | "list";

export interface StreamDeclaration<Path extends string = string, Query extends Record<string, QueryKind> = Record<string, QueryKind>, Events = unknown> {
  readonly path: Path;
  readonly query: Query;
  /** Every event name the stream sends (the browser passes on these only). */
  readonly events: { readonly [K in keyof Events]: true };
  /** The payload type of each event, for the type checker only (never set). */
  readonly payloads?: Events;
}

/** Declares a stream whose events are `Events` (name → payload). */
export function declareStream<Events>() {
  return <const Path extends `/api/${string}/events`, const Query extends Record<string, QueryKind> = Record<never, QueryKind>>(
    declaration: { path: Path; query?: Query; events: { readonly [K in keyof Events]: true } },
  ): StreamDeclaration<Path, Query, Events> => ({ query: {} as Query, ...declaration });
}

type AnyStream = StreamDeclaration<string, Record<string, QueryKind>, unknown>;

export type PayloadsOf<D> = D extends StreamDeclaration<string, Record<string, QueryKind>, infer Events> ? Events : never;

/** What the browser gives to open a stream: its path params and any of its query params. */
export type StreamParams<D extends AnyStream> = { readonly [K in PathParamNames<D["path"]>]: string } & {
  readonly [K in keyof D["query"]]?: D["query"][K] extends "list" ? readonly string[] : string;
};

/** What the server reads from a request: path params decoded, query params as sent (or null). */
export type ServerStreamParams<D extends AnyStream> = { readonly [K in PathParamNames<D["path"]>]: string } & {
  readonly [K in keyof D["query"]]: string | null;
};

/** One event as the server sends it: its name and a payload of the declared type. */
export type SseEventOf<D extends AnyStream> = {
  [K in keyof PayloadsOf<D> & string]: { id?: string; event: K; data: PayloadsOf<D>[K] };
}[keyof PayloadsOf<D> & string];

/** One event as the browser receives it. */
export type StreamEventOf<D extends AnyStream> = {
  [K in keyof PayloadsOf<D> & string]: { type: K; id: string; data: PayloadsOf<D>[K] };
}[keyof PayloadsOf<D> & string];

/** The URL that opens `stream` with `params` (path segments and values percent-encoded). */
export function streamUrl<D extends AnyStream>(stream: D, params: StreamParams<D>): string {
  const values = params as Readonly<Record<string, string | readonly string[] | undefined>>;
  const path = stream.path.replace(/\[([^\]]+)\]/g, (_, name: string) => encodeURIComponent(String(values[name])));
  const query = Object.entries(stream.query).flatMap(([name, kind]) => {
    const value = values[name];
    if (value === undefined) return [];
    const text = kind === "list" ? (value as readonly string[]).map(encodeURIComponent).join(",") : encodeURIComponent(value as string);
    return [`${name}=${text}`];
  });
  return query.length === 0 ? path : `${path}?${query.join("&")}`;
}

/** The declared query params of a request's URL, as sent. */
export function readStreamQuery<D extends AnyStream>(stream: D, url: string): Record<keyof D["query"], string | null> {
  const search = new URL(url).searchParams;
  return Object.fromEntries(Object.keys(stream.query).map((name) => [name, search.get(name)])) as Record<keyof D["query"], string | null>;
}

/** Whether a received event is one `stream` declares (its payload is then the declared type). */
export function isEventOf<D extends AnyStream>(stream: D, event: { type: string; id: string; data: unknown }): event is StreamEventOf<D> {
  return Object.hasOwn(stream.events, event.type);
}
