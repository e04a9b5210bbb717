/**
 * Colyseus's Redis room listings, with the writes made safe for rooms whose id is their
 * workshop's id. A room of this game is listed under its workshop id, so the listing is also the
 * deployment-wide claim "this workshop's room lives on process P":
 *
 * - `insert` records a room only when no room of that workshop is listed (HSETNX). Colyseus's
 *   matchmaker uses it to settle races: when several joins create the same workshop's room at
 *   once (on one process or several), the losers are discarded and their seats go to the winner.
 * - `persist`, `update` and `remove` touch a listing only when it is this process's own (or
 *   absent), so a process that was stalled and is catching up can never overwrite or delete the
 *   listing of the room that replaced its own elsewhere.
 * - `cleanup` removes a dead process's listings atomically, so it never removes a listing that a
 *   live process recorded for the same workshop a moment before.
 *
 * Every check runs in Redis as one script, atomic with the write it guards.
 */
import { type Redis } from 'ioredis';
import { RedisDriver } from '@colyseus/redis-driver';
import { matchMaker, type IRoomCache } from '@colyseus/core';

/** The hash in which @colyseus/redis-driver keeps its listings (its own name for it). */
const ROOM_LISTINGS = 'roomcaches';

/** The listing's owner, as written in its JSON; an unreadable listing belongs to nobody. */
const OWNER_OF = `
local function owner(row)
  local ok, data = pcall(cjson.decode, row)
  if ok and type(data) == 'table' and type(data.processId) == 'string' then return data.processId end
  return false
end
`;

/** HSET field ARGV[1] = ARGV[3] unless it is listed by another process than ARGV[2]. */
const WRITE_UNLESS_OTHERS = `${OWNER_OF}
local row = redis.call('HGET', KEYS[1], ARGV[1])
if row then
  local by = owner(row)
  if by and by ~= ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** HDEL field ARGV[1] if it is listed by process ARGV[2] (or by nobody readable). */
const REMOVE_IF_OWN = `${OWNER_OF}
local row = redis.call('HGET', KEYS[1], ARGV[1])
if not row then return 0 end
local by = owner(row)
if by and by ~= ARGV[2] then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])`;

/** HDEL every field listed by process ARGV[1]. */
const REMOVE_ALL_OF = `${OWNER_OF}
local rows = redis.call('HGETALL', KEYS[1])
local removed = 0
for i = 1, #rows, 2 do
  if owner(rows[i + 1]) == ARGV[1] then
    redis.call('HDEL', KEYS[1], rows[i])
    removed = removed + 1
  end
end
return removed`;

/** Room listings in Redis with ownership-checked writes (see the module comment). */
export class ClusterDriver extends RedisDriver {
  private readonly redis: Redis;
  /** This process's id in the listings (Colyseus's, once its matchmaker is set up). */
  private readonly ownProcessId: () => string;

  constructor(redis: Redis, ownProcessId: () => string = () => matchMaker.processId) {
    super(redis);
    this.redis = redis;
    this.ownProcessId = ownProcessId;
  }

  /** Record `room` unless a room with its id (its workshop) is listed already; false means another room won. */
  async insert(room: IRoomCache): Promise<boolean> {
    return (await this.redis.hsetnx(ROOM_LISTINGS, room.roomId, JSON.stringify(room))) === 1;
  }

  override async persist(room: IRoomCache, _create = false): Promise<boolean> {
    if (!room.roomId) return false;
    return this.writeUnlessOthers(room);
  }

  override async update(room: IRoomCache, operations: Partial<{ $set: Partial<IRoomCache>; $inc: Partial<IRoomCache> }>): Promise<boolean> {
    const fields = room as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(operations.$set ?? {})) fields[field] = value;
    for (const [field, value] of Object.entries(operations.$inc ?? {})) fields[field] = Number(fields[field] ?? 0) + Number(value);
    return this.writeUnlessOthers(room);
  }

  override async remove(roomId: string): Promise<boolean> {
    if (!roomId) return false;
    return (await this.redis.eval(REMOVE_IF_OWN, 1, ROOM_LISTINGS, roomId, this.ownProcessId())) === 1;
  }

  // @colyseus/redis-driver 0.18.3 shares one read of all listings between concurrent look-ups and
  // forgets it only when it succeeds: one read that failed while Redis was away would be handed to
  // every later look-up for good, and nobody could join again. Forget a failed read as well.
  override async query(conditions: Partial<IRoomCache>, sortOptions?: Parameters<RedisDriver['query']>[1]): Promise<IRoomCache[]> {
    try {
      return await super.query(conditions, sortOptions);
    } catch (error) {
      this.forgetFailedRead();
      throw error;
    }
  }

  override async findOne(conditions: Partial<IRoomCache>, sortOptions?: Parameters<RedisDriver['findOne']>[1]): Promise<IRoomCache> {
    try {
      return await super.findOne(conditions, sortOptions);
    } catch (error) {
      this.forgetFailedRead();
      throw error;
    }
  }

  private forgetFailedRead(): void {
    const shared = this as unknown as { _concurrentRoomCacheRequest?: unknown; _roomCacheRequestByName: Record<string, unknown> };
    shared._concurrentRoomCacheRequest = undefined;
    for (const name of Object.keys(shared._roomCacheRequestByName)) delete shared._roomCacheRequestByName[name];
  }

  override async cleanup(processId: string): Promise<void> {
    await this.redis.eval(REMOVE_ALL_OF, 1, ROOM_LISTINGS, processId);
  }

  private async writeUnlessOthers(room: IRoomCache): Promise<boolean> {
    // the listing's own processId: restoring or updating a room of this process
    const owner = room.processId ?? this.ownProcessId();
    return (await this.redis.eval(WRITE_UNLESS_OTHERS, 1, ROOM_LISTINGS, room.roomId, owner, JSON.stringify(room))) === 1;
  }
}
