// Whether a `notify-keyspace-events` value makes Redis publish everything the watch
// hub relies on: keyspace channels (K) for generic commands (g: DEL, EXPIRE…), string
// writes ($), expirations (x) and evictions (e). `A` is Redis's alias for all classes.
const NEEDED_CLASSES = ["g", "$", "x", "e"] as const;

export function keyspaceNotificationsEnabled(flags: string): boolean {
  if (!flags.includes("K")) return false;
  if (flags.includes("A")) return true;
  return NEEDED_CLASSES.every((c) => flags.includes(c));
}
