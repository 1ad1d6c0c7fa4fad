// lib/feeds: the server's live sources and what streams are built from — one face for them.
// - Shared per-process producers: one thing per (owner, key), made by its first holder and
//   closed after its last (SharedRegistry); live values on top of it (FeedRegistry), read by
//   push (listeners called synchronously) or by pull (latest-wins iterators).
// - Watching many keys at once (watchMany: any number, in watches of Deno's 10).
// - Combinators over any stream source (a watch's ReadableStream, an async iterable, a push
//   source): map, merge, switch, finally, and sending a throttled snapshot of an in-memory book.
// Wrap a watch with these rather than with an async generator: a generator cannot be
// cancelled while it awaits, so an idle client's watch would outlive it.

export { SharedRegistry, type Lease } from "./shared-registry";
export { FeedRegistry, pullFrom, type Producer } from "./shared-feed";
export { LatestIterator } from "./latest-iterator";
export { isPushSource, mapPush, type PushListener, type PushSource } from "./push-source";
export { openSource, discardSource, type SourceHandle, type StreamSource } from "./source";
export { mapSource } from "./map";
export { mergeSources } from "./merge";
export { switchSource } from "./switch";
export { finallyDo } from "./finally-do";
export { watchMany } from "./watch-many";
export { throttle } from "./throttle";
export { publishSnapshots, type ExpiringBook, type SnapshotPublisher, type SnapshotPublisherOptions } from "./snapshot-publisher";
