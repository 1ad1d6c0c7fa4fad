// The Lua that runs inside Redis. Each call is atomic and one round trip.

import { createHash } from "node:crypto";
import type Redis from "ioredis";
import type { StagedCheck, StagedMutation } from "./atomic";
import { ABSENT_DELETE_EVENT } from "./layout";

// KEYS: clock, index, then every data key the commit touches (each once).
// ARGV: data-prefix length, then the checks and mutations packed into one string (packCommit
// below), which struct.unpack reads back: ioredis's cost per command grows with its number of
// arguments, and a click's commit would otherwise send 40 of them. Then the keyspace channel
// prefix ("__keyspace@<db>__:"): Redis sends no event for deleting a key that is not there,
// but Deno tells raw watchers of every key a commit touches, so the script publishes one
// itself (pcall: a refused PUBLISH must not fail a commit whose writes are done). Last, the
// deadline: Redis's time in ms after which the sender no longer waits for the reply (0: none).
// A commit that starts after it refuses itself (LIVEKV_LATE), so one its sender gave up on
// never lands later.
// All checks and every KvU64 operand are examined before the first write, because Redis
// does not roll a script back: an error after a write would leave half a commit.
const COMMIT = `
local plen, packed, channels, deadline = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
if deadline > 0 then
  local now = redis.call('TIME')
  if tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000 > deadline then
    return redis.error_reply('LIVEKV_LATE the commit reached Redis after its deadline')
  end
end
local nchecks, pos = struct.unpack('>H', packed)
for i = 1, nchecks do
  local ki, want
  ki, want, pos = struct.unpack('>HBc0', packed, pos)
  if redis.call('GETRANGE', KEYS[ki], 0, 19) ~= want then return 0 end
end

-- stored[ki]: the key was in Redis when this commit read it, so its index entry is too (every
-- write below adds one, and an entry goes only with its key: a delete, or list() finding it
-- expired). Writing such a key again needs no ZADD: a click's eight counters then cost no
-- index work, and no index commands in the append-only file.
local staged, order, stored = {}, {}, {}
local function current(ki)
  local s = staged[ki]
  if s ~= nil then return s.value end
  local raw = redis.call('GET', KEYS[ki])
  if not raw then return false end
  stored[ki] = true
  return string.sub(raw, 21)
end

-- KvU64 values are a tag byte (3) and 8 little-endian bytes; Lua numbers are doubles, so the
-- arithmetic goes byte by byte.
local function u64(op, old, operand)
  if op == 'sum' then
    local out, carry = {}, 0
    for i = 2, 9 do
      local s = string.byte(old, i) + string.byte(operand, i) + carry
      out[i - 1] = s % 256
      carry = math.floor(s / 256)
    end
    return string.char(3, unpack(out))
  end
  for i = 9, 2, -1 do
    local x, y = string.byte(old, i), string.byte(operand, i)
    if x ~= y then
      if (x < y) == (op == 'min') then return old end
      return operand
    end
  end
  return old
end

local OPS = { 'set', 'delete', 'sum', 'min', 'max' }
local nmut
nmut, pos = struct.unpack('>H', packed, pos)
for i = 1, nmut do
  local opn, ki, value, px
  opn, ki, value, px, pos = struct.unpack('>BHI4c0Bc0', packed, pos)
  local op = OPS[opn]
  if staged[ki] == nil then order[#order + 1] = ki end
  if op == 'set' then
    staged[ki] = { value = value, px = px }
  elseif op == 'delete' then
    staged[ki] = { value = false }
  else
    local old = current(ki)
    if not old then
      staged[ki] = { value = value, px = px }
    elseif string.byte(old, 1) ~= 3 or #old ~= 9 then
      return redis.error_reply('LIVEKV_NOT_U64 ' .. op)
    else
      staged[ki] = { value = u64(op, old, value), px = px }
    end
  end
end

local vs = string.format('%016x', redis.call('INCR', KEYS[1])) .. '0000'
for _, ki in ipairs(order) do
  local s = staged[ki]
  local key = KEYS[ki]
  local member = string.sub(key, plen + 1)
  if s.value then
    if s.px and s.px ~= '' then
      redis.call('SET', key, vs .. s.value, 'PX', s.px)
    else
      redis.call('SET', key, vs .. s.value)
    end
    if not stored[ki] then redis.call('ZADD', KEYS[2], 0, member) end
  else
    if redis.call('DEL', key) == 0 then
      redis.pcall('PUBLISH', channels .. key, '${ABSENT_DELETE_EVENT}')
    end
    redis.call('ZREM', KEYS[2], member)
  end
end
return vs
`;

// KEYS: index. ARGV: data prefix, min, max, count, "1" for reverse, oldest versionstamp
// wanted ("" for all), "1" when run on a Cluster node importing the slot (see
// KvStore.readScript). Returns the number of index entries scanned, the last one scanned,
// then (member, stored value) pairs. Members whose data key has expired are dropped from the
// index here, atomically, so a key set again in the meantime can't lose its index entry. On a
// node importing the slot an absent data key may still be on the node it comes from: dropping
// its entry would lose it for good, and leaving it out would be a wrong answer, so the list
// is refused (TRYAGAIN, as Redis refuses a command on a half-moved slot) and retried.
const LIST = `
local members
if ARGV[5] == '1' then
  members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[3], ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
else
  members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
end
local out = { #members, members[#members] or '' }
local since = ARGV[6]
for _, member in ipairs(members) do
  local raw = redis.call('GET', ARGV[1] .. member)
  if raw then
    if since == '' or string.sub(raw, 1, 20) > since then
      out[#out + 1] = member
      out[#out + 1] = raw
    end
  elseif ARGV[7] == '1' then
    return redis.error_reply('TRYAGAIN a listed key has not been migrated here yet')
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return out
`;

export interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export const commitScript = script(COMMIT);

// On Cluster a Kv has a counter per bucket: each moves to max(counter + 1, Redis's TIME in µs),
// so versionstamps of different buckets roughly follow time, and a counter that a failover set
// back (asynchronous replication lost its last increments) still moves past every versionstamp
// handed out before, as long as the nodes' clocks agree within the failover's duration.
// (µs since 1970 fit a double's 53 bits until the year 2255.)
const INCR_CLOCK = "local vs = string.format('%016x', redis.call('INCR', KEYS[1])) .. '0000'";
const TIMED_CLOCK = `local t = redis.call('TIME')
local c = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if now > c then c = now end
redis.call('SET', KEYS[1], string.format('%.0f', c))
local vs = string.format('%016x', c) .. '0000'`;
if (!COMMIT.includes(INCR_CLOCK)) throw new Error("the commit script's clock line moved");
export const timedCommitScript = script(COMMIT.replace(INCR_CLOCK, TIMED_CLOCK));
export const listScript = script(LIST);

// Positions in the script's OPS table, 1-based as Lua's.
const OP_CODES: Readonly<Record<StagedMutation["op"], number>> = { set: 1, delete: 2, sum: 3, min: 4, max: 5 };

/**
 * The commit script's checks and mutations as one string, big-endian:
 *   u16 #checks, then per check:       u16 key#, u8 length, versionstamp ("" for absent)
 *   u16 #mutations, then per mutation: u8 op, u16 key#, u32 length, value, u8 length, expire ms ("" for none)
 * `slot` gives a data key's 1-based position in KEYS.
 */
export function packCommit(checks: StagedCheck[], mutations: StagedMutation[], slot: (hex: string) => number): Buffer {
  const pxs = mutations.map((m) => (m.expireIn === undefined ? "" : String(Math.max(1, Math.ceil(m.expireIn)))));
  let size = 4;
  for (const check of checks) size += 3 + check.versionstamp.length;
  for (let i = 0; i < mutations.length; i++) size += 8 + mutations[i].value.byteLength + pxs[i].length;
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt16BE(checks.length, 0);
  for (const check of checks) {
    at = out.writeUInt16BE(slot(check.hex), at);
    at = out.writeUInt8(check.versionstamp.length, at);
    at += out.write(check.versionstamp, at, "latin1");
  }
  at = out.writeUInt16BE(mutations.length, at);
  for (let i = 0; i < mutations.length; i++) {
    const m = mutations[i];
    at = out.writeUInt8(OP_CODES[m.op], at);
    at = out.writeUInt16BE(slot(m.hex), at);
    at = out.writeUInt32BE(m.value.byteLength, at);
    at += m.value.copy(out, at);
    at = out.writeUInt8(pxs[i].length, at);
    at += out.write(pxs[i], at, "latin1");
  }
  return out;
}

type Arg = string | number | Buffer;

/** EVALSHA, falling back to EVAL once when Redis has not seen the script (or was restarted). */
export async function runScript(redis: Redis, s: Script, keys: string[], args: Arg[]): Promise<unknown> {
  try {
    return await redis.callBuffer("EVALSHA", s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return await redis.callBuffer("EVAL", s.source, keys.length, ...keys, ...args);
  }
}
