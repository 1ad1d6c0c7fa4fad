// The Lua that runs inside Redis. Each call is atomic and one round trip.

import { createHash } from "node:crypto";
import type Redis from "ioredis";

// KEYS: clock, index, then every data key the commit touches (each once).
// ARGV: data-prefix length, #checks, (key#, versionstamp or "") per check,
//       #mutations, (op, key#, encoded value, expire ms or "") per mutation.
// All checks and every KvU64 operand are examined before the first write, because Redis
// does not roll a script back: an error after a write would leave half a commit.
const COMMIT = `
local plen = tonumber(ARGV[1])
local a = 2
local nchecks = tonumber(ARGV[a]); a = a + 1
for i = 1, nchecks do
  local key = KEYS[tonumber(ARGV[a])]
  local want = ARGV[a + 1]
  a = a + 2
  if redis.call('GETRANGE', key, 0, 19) ~= want then return 0 end
end

local staged, order = {}, {}
local function current(ki)
  local s = staged[ki]
  if s ~= nil then return s.value end
  local raw = redis.call('GET', KEYS[ki])
  if not raw then return false end
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

local nmut = tonumber(ARGV[a]); a = a + 1
for i = 1, nmut do
  local op, ki, value, px = ARGV[a], tonumber(ARGV[a + 1]), ARGV[a + 2], ARGV[a + 3]
  a = a + 4
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
    redis.call('ZADD', KEYS[2], 0, member)
  else
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[2], member)
  end
end
return vs
`;

// KEYS: index. ARGV: data prefix, min, max, count, "1" for reverse, oldest versionstamp
// wanted ("" for all). Returns the number of index entries scanned, the last one scanned,
// then (member, stored value) pairs. Members whose data key has expired are dropped from the
// index here, atomically, so a key set again in the meantime can't lose its index entry.
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
export const listScript = script(LIST);

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
