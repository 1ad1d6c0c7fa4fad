// lib/feeds: live values shared by every reader in a process — one producer per (Kv, name),
// read by push (listeners called synchronously) or by pull (latest-wins iterators).

export { FeedRegistry, pullFrom, type Producer } from "./shared-feed";
export { SharedRegistry, type Lease } from "./shared-registry";
export { LatestIterator } from "./latest-iterator";
export { isPushSource, mapPush, type PushListener, type PushSource } from "./push-source";
