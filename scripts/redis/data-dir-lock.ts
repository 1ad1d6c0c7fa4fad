// One managed redis-server per data folder: two servers appending to one AOF would
// corrupt it. The folder holds a small JSON lock naming the owning Node process and
// its Redis; a second app start reads it and reuses that Redis instead of starting one.

import { randomUUID } from "node:crypto";
import { link, open, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { processStartTime } from "./process-alive";

export interface LockState {
  ownerPid: number;
  ownerStart: string | null;
  /** null while the owner is still starting its Redis. */
  port: number | null;
  redisPid: number | null;
  updatedAt: string;
}

export const LOCK_FILE = "livekv-redis.lock.json";

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

export function ownState(port: number | null, redisPid: number | null): LockState {
  return {
    ownerPid: process.pid,
    ownerStart: processStartTime(process.pid),
    port,
    redisPid,
    updatedAt: new Date().toISOString(),
  };
}

/** Creates the lock only if none exists; false when someone else holds one. */
export async function tryCreateLock(dataDir: string, state: LockState): Promise<boolean> {
  try {
    const handle = await open(lockPath(dataDir), "wx");
    try {
      await handle.writeFile(JSON.stringify(state));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export interface LockRead {
  state: LockState | null;
  /** The exact text, so a takeover can tell whether the file changed meanwhile. */
  text: string;
}

export async function readLock(dataDir: string): Promise<LockRead | null> {
  let text: string;
  try {
    text = await readFile(lockPath(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as LockState;
    return { state: typeof parsed.ownerPid === "number" ? parsed : null, text };
  } catch {
    // A half-written file from an owner that died mid-write: treat as stale.
    return { state: null, text };
  }
}

/** Owner-only: replaces the lock's content without a moment where it is missing. */
export async function updateLock(dataDir: string, state: LockState): Promise<void> {
  const temp = `${lockPath(dataDir)}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state));
  await rename(temp, lockPath(dataDir));
}

/**
 * Removes a lock judged stale, but only if it still is the file that was judged:
 * the rename is atomic, and a fresh lock grabbed by mistake is linked back.
 */
export async function removeStaleLock(dataDir: string, staleText: string): Promise<void> {
  const path = lockPath(dataDir);
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const text = await readFile(aside, "utf8").catch(() => staleText);
  if (text !== staleText) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Owner-only, synchronous so it can run in an "exit" handler. */
export function releaseLockSync(dataDir: string): void {
  try {
    const state = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockState;
    if (state.ownerPid === process.pid) unlinkSync(lockPath(dataDir));
  } catch {
    // Already gone or unreadable: nothing of ours to release.
  }
}
