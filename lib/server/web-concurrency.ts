// How many server processes serve the app's port: WEB_CONCURRENCY (the name Heroku and most
// Node hosts set), else one. `npm start` sets it to the machine's core count when it is unset
// (scripts/run.ts); the server started directly, as a container or an orchestrator runs one
// process per slot, stays one process.

/** The most that makes sense on any machine: more would only share its cores thinner. */
const MAX_PROCESSES = 256;

/** WEB_CONCURRENCY as a count of processes (1 when unset or empty); throws on anything else. */
export function serverProcessCount(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PROCESSES) {
    throw new Error(`WEB_CONCURRENCY must be a whole number of server processes from 1 to ${MAX_PROCESSES}, not ${JSON.stringify(value)}`);
  }
  return count;
}
