// The key that signs visitor cookies. LIVEKV_SECRET when the operator sets one; otherwise a
// random one the app makes and keeps in the Kv. Kept in the Kv, not in a file, so every
// instance on one Redis signs and checks with the same key without being configured, and a
// restart (or another instance) still accepts the cookies browsers already have. The first
// instance to ask creates it with a check-absent commit; a concurrent creator loses that
// commit and reads the winner's key, so there is only ever one.

import { randomBytes } from "node:crypto";
import { KvCommitNotReplicatedError, type Kv, type KvKey } from "@/lib/kv";

/** Shorter keys could be guessed offline from one signed cookie. */
export const MIN_SECRET_LENGTH = 32;
const GENERATED_BYTES = 32;
const SECRET_KEY: KvKey = ["livekv", "visitor_secret"];

/** A LIVEKV_SECRET too short to be a key: the process must not start with it. */
export class SecretConfigError extends Error {
  constructor() {
    super(`LIVEKV_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`), or unset.`);
    this.name = "SecretConfigError";
  }
}

let configured: { text: string; key: Uint8Array } | null = null;

/** LIVEKV_SECRET as a key, or null when it is unset; throws SecretConfigError when too short. */
export function configuredSecret(): Uint8Array | null {
  const text = process.env.LIVEKV_SECRET ?? "";
  if (text === "") return null;
  if (text.length < MIN_SECRET_LENGTH) throw new SecretConfigError();
  if (configured?.text !== text) configured = { text, key: new TextEncoder().encode(text) };
  return configured.key;
}

// Per Kv (each is one Redis keyspace), read once per process: a cookie check costs no round trip.
const stored = new WeakMap<Kv, Promise<Uint8Array>>();

/** The key visitor cookies are signed with. Rejects like any Kv read while Redis is away. */
export async function visitorSecret(kv: Kv): Promise<Uint8Array> {
  const fromEnv = configuredSecret();
  if (fromEnv !== null) return fromEnv;
  let secret = stored.get(kv);
  if (secret === undefined) {
    const loading = loadOrCreate(kv);
    // A failed read (Redis away) must not be remembered: the next request tries again.
    loading.catch(() => {
      if (stored.get(kv) === loading) stored.delete(kv);
    });
    stored.set(kv, loading);
    secret = loading;
  }
  return secret;
}

function isKey(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length >= GENERATED_BYTES;
}

async function loadOrCreate(kv: Kv): Promise<Uint8Array> {
  const existing = await kv.get(SECRET_KEY);
  if (isKey(existing.value)) return existing.value;
  if (existing.value === null) {
    await kv
      .atomic()
      .check({ key: SECRET_KEY, versionstamp: null })
      .set(SECRET_KEY, new Uint8Array(randomBytes(GENERATED_BYTES)))
      .commit()
      // Applied, replicas or not (LIVEKV_WAIT_REPLICAS): read below like any other. Lost in a
      // failover, a new one is made and the cookies signed meanwhile are no longer recognised.
      .catch((error: unknown) => {
        if (!(error instanceof KvCommitNotReplicatedError)) throw error;
      });
  }
  // Ours, or the one a concurrent instance committed first.
  const created = await kv.get(SECRET_KEY);
  if (isKey(created.value)) return created.value;
  throw new Error(`The visitor secret at ${JSON.stringify(SECRET_KEY)} in the Kv is not a ${GENERATED_BYTES}-byte key.`);
}
