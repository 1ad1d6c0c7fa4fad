// One verdict on keyspace notifications from every node's setting. A cluster's watches miss
// the changes of any primary without them: one node off is "off". (A replica that a failover
// promotes gets them from the watch's subscriber; one listed without them is reported too.)
import type { KvNodeNotifications } from "@/lib/kv/types";
import { keyspaceNotificationsEnabled } from "./flags";
import type { HealthReport } from "./types";

export function notificationsReport(nodes: KvNodeNotifications[]): HealthReport["notifications"] {
  const known = nodes.flatMap(({ flags }) => (flags === null ? [] : [flags]));
  const off = known.filter((flags) => !keyspaceNotificationsEnabled(flags)).length;
  const unknown = nodes.length - known.length;
  const settings = new Set(known);
  return {
    enabled: off > 0 ? false : unknown > 0 || nodes.length === 0 ? null : true,
    flags: settings.size === 1 ? [...settings][0] : null,
    nodes: { checked: nodes.length, off, unknown },
  };
}
