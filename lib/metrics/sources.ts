// Where the figures come from: the counts each feature keeps (no metrics library in them).
// One place to find them, for /api/metrics and /api/health alike.

export { sseConnectionCounts as sseConnections } from "@/lib/sse/connections";
export { clicksRecorded as linkClicksRecorded } from "@/lib/links/click-count";
export { frontRedirects as linkFrontRedirects } from "@/lib/links/redirect-front";
export { messagesSent as chatMessagesSent } from "@/lib/chat/messages/message-count";
export { kvCommitTally } from "@/lib/kv";
