// Deno KV's limits (denokv's limits.rs), so that code that runs on Deno runs here and fails
// in the same places.
export const MAX_WRITE_KEY_BYTES = 2048;
// A read key may be one byte longer: list selectors append a byte to a written key.
export const MAX_READ_KEY_BYTES = MAX_WRITE_KEY_BYTES + 1;
export const MAX_VALUE_BYTES = 65_536;
export const MAX_READ_RANGES = 10;
export const MAX_WATCHED_KEYS = 10;
export const MAX_CHECKS = 100;
export const MAX_MUTATIONS = 1000;
export const MAX_TOTAL_MUTATION_BYTES = 800 * 1024;
export const MAX_TOTAL_KEY_BYTES = 80 * 1024;
export const MAX_LIST_BATCH = 1000;
