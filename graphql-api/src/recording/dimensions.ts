import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Agent } from '../agents/agent.entity';
import { KeyedEntity, keyedTable } from '../common/keyed-entity';
import { dialectOf, placeholders } from '../db/dialect';
import { Tool } from '../tools/tool.entity';
import { User } from '../users/user.entity';
import { Workflow } from '../workflows/workflow.entity';
import type { UnitOfWork } from './unit-of-work';

interface Seen {
  /** The row's id, or the unit of work's placeholder for a row it will insert. */
  id: number;
  lastSeenMs: number;
  /** Users only: the profile as stored, so an unchanged profile costs no write. */
  name?: string | null;
  email?: string | null;
}

/** A dimension is keyed by the column events name the thing by (external id, name, key). */
interface DimensionSpec<E extends ObjectLiteral> extends KeyedEntity<E> {
  /** Whether rows carry a last_seen_at that follows the newest event. */
  tracksLastSeen: boolean;
}

export const DIMENSIONS = {
  user: { entity: User, keyProperty: 'externalId', tracksLastSeen: true } as DimensionSpec<User>,
  agent: { entity: Agent, keyProperty: 'name', tracksLastSeen: true } as DimensionSpec<Agent>,
  tool: { entity: Tool, keyProperty: 'name', tracksLastSeen: true } as DimensionSpec<Tool>,
  workflow: { entity: Workflow, keyProperty: 'key', tracksLastSeen: false } as DimensionSpec<Workflow>,
};
export type DimensionKind = keyof typeof DIMENSIONS;

/** A dimension's table and key column, as its entity maps them, for raw SQL. */
export function dimensionTable(dataSource: DataSource, kind: DimensionKind): { table: string; keyColumn: string } {
  return keyedTable(dataSource, DIMENSIONS[kind]);
}
type Kind = DimensionKind;

/**
 * Ids of users, agents, tools and workflows by the names events give them, shared by all requests.
 * Rows are never deleted, so a cached id stays right; entries are added only after their
 * transaction commits, so a rolled-back first sighting is not remembered.
 */
export class DimensionCache {
  readonly entries: Record<Kind, Map<string, Seen>> = {
    user: new Map(),
    agent: new Map(),
    tool: new Map(),
    workflow: new Map(),
  };

  scope(work: UnitOfWork): Dimensions {
    return new Dimensions(work, this);
  }
}

interface Latest {
  at: Date;
  set: Record<string, unknown>;
}

/**
 * Finds or creates the things an event names, inside the event's transaction. Names not cached
 * are read as records of the unit of work, many at a time (`prefetch`), and new things become new
 * records of it, inserted together at flush. What events note on them (last seen, latest failure,
 * latest run) is kept here and written once per thing by `flush`, at the end of the transaction:
 * these rows are shared by most events, so they are locked for the shortest time, in id order.
 */
export class Dimensions {
  private readonly pending: Record<Kind, Map<string, Seen>> = {
    user: new Map(),
    agent: new Map(),
    tool: new Map(),
    workflow: new Map(),
  };
  private readonly lastSeen: Record<Kind, Map<number, Date>> = {
    user: new Map(),
    agent: new Map(),
    tool: new Map(),
    workflow: new Map(),
  };
  private readonly failures: Record<'agent' | 'tool', Map<number, Latest>> = { agent: new Map(), tool: new Map() };
  private readonly runs = new Map<number, Latest>();

  constructor(
    private readonly work: UnitOfWork,
    private readonly cache: DimensionCache
  ) {}

  async user(
    externalId: string,
    at: Date,
    profile: { name?: string | null; email?: string | null } = {}
  ): Promise<number> {
    const seen = await this.resolve('user', externalId, at, {
      name: profile.name ?? null,
      email: profile.email ?? null,
    });
    const changes: Partial<User> = {};
    if (profile.name && profile.name !== seen.name) changes.name = profile.name;
    if (profile.email && profile.email !== seen.email) changes.email = profile.email;
    if (changes.name !== undefined || changes.email !== undefined) {
      await this.work.upsert(User, { externalId }, () => changes);
      Object.assign(seen, changes);
    }
    return seen.id;
  }

  async agent(name: string, at: Date): Promise<number> {
    return (await this.resolve('agent', name, at, {})).id;
  }

  async tool(name: string, at: Date): Promise<number> {
    return (await this.resolve('tool', name, at, {})).id;
  }

  async workflow(key: string, at: Date, name?: string | null): Promise<number> {
    return (
      await this.resolve('workflow', key, at, { name: name ?? key, nodesJson: '[]', edgesJson: '[]', updatedAt: at })
    ).id;
  }

  /** Keeps an agent's or tool's latest failure with it; an older failure arriving late changes nothing. */
  noteFailure(kind: 'agent' | 'tool', id: number, at: Date, type: string | null, message: string | null): void {
    const noted = this.failures[kind].get(id);
    if (!noted || noted.at < at)
      this.failures[kind].set(id, { at, set: { lastErrorAt: at, lastErrorType: type, lastErrorMessage: message } });
  }

  /** Keeps a workflow's latest run state with it, so the DAGs table reads it in O(1). */
  noteRun(workflowId: number, at: Date, status: string): void {
    const noted = this.runs.get(workflowId);
    if (!noted || noted.at <= at) this.runs.set(workflowId, { at, set: { lastRunAt: at, lastRunStatus: status } });
  }

  /** Reads the names not cached with the unit of work's records: a query per table, locked the same way. */
  async prefetch(kind: Kind, names: Iterable<string>): Promise<void> {
    const spec = DIMENSIONS[kind] as DimensionSpec<ObjectLiteral>;
    await this.work.prefetch(
      spec.entity,
      spec.keyProperty,
      [...names].filter((name) => !this.pending[kind].has(name) && !this.cache.entries[kind].has(name))
    );
  }

  /**
   * Writes what was noted; conditional on what is stored, so a late event never moves anything back.
   * Call after the unit of work's flush.
   */
  async flush(): Promise<void> {
    const byId = <V>(map: Map<number, V>) =>
      [...map.entries()].map(([id, value]) => [this.work.resolveId(id), value] as const).sort(([a], [b]) => a - b);
    // Last seen is noted by nearly every event: one statement per table moves every row it names.
    const manager = this.work.manager;
    const dialect = dialectOf(manager.connection);
    for (const kind of Object.keys(this.lastSeen) as Kind[]) {
      const seen = byId(this.lastSeen[kind]);
      // It also locks the rows whose latest failure is written below (an event older than the
      // row's last seen notes only that): every table's rows in one statement, in id order, and
      // the tables in one order, so that two API processes never each hold a row the other waits for.
      const locked = new Set(seen.map(([id]) => id));
      if (kind === 'agent' || kind === 'tool') for (const [id] of byId(this.failures[kind])) locked.add(id);
      if (locked.size === 0) continue;
      const ids = [...locked].sort((a, b) => a - b);
      const table = manager.connection.getMetadata(DIMENSIONS[kind].entity).tableName;
      const lastSeen = seen.length
        ? `CASE ${seen.map(() => 'WHEN id = ? AND last_seen_at < ? THEN ?').join(' ')} ELSE last_seen_at END`
        : 'last_seen_at';
      await manager.query(
        `UPDATE ${dialect.quote(table)} SET last_seen_at = ${lastSeen} WHERE id IN (${placeholders(ids)})`,
        [...seen.flatMap(([id, at]) => [id, dialect.timestamp(at), dialect.timestamp(at)]), ...ids]
      );
    }
    for (const kind of ['agent', 'tool'] as const)
      await this.updateIfNewer(DIMENSIONS[kind].entity, 'lastErrorAt', '<', byId(this.failures[kind]));
    await this.updateIfNewer(Workflow, 'lastRunAt', '<=', byId(this.runs));
    for (const kind of Object.keys(this.pending) as Kind[])
      for (const seen of this.pending[kind].values()) seen.id = this.work.resolveId(seen.id);
  }

  /** Makes the ids found in this transaction visible to later requests. Call after commit. */
  commit(): void {
    for (const kind of Object.keys(this.pending) as Kind[]) {
      for (const [key, seen] of this.pending[kind]) {
        const cached = this.cache.entries[kind].get(key);
        if (!cached || cached.lastSeenMs < seen.lastSeenMs) this.cache.entries[kind].set(key, seen);
      }
    }
  }

  private async resolve(kind: Kind, key: string, at: Date, extra: Record<string, unknown>): Promise<Seen> {
    const spec = DIMENSIONS[kind] as DimensionSpec<ObjectLiteral & { id: number }>;
    const atMs = at.getTime();
    const known = this.pending[kind].get(key) ?? this.cache.entries[kind].get(key) ?? (await this.stored(kind, key));
    if (known) {
      if (spec.tracksLastSeen && known.lastSeenMs < atMs) this.touch(kind, known.id, at);
      const seen = Object.assign({}, known, { lastSeenMs: Math.max(known.lastSeenMs, atMs) });
      this.pending[kind].set(key, seen);
      return seen;
    }
    const values: Record<string, unknown> = { createdAt: at, ...extra };
    if (spec.tracksLastSeen) values.lastSeenAt = at;
    const record = await this.work.upsert(spec.entity, { [spec.keyProperty]: key }, () => values, null);
    const seen = this.seenOf(kind, record, atMs);
    this.pending[kind].set(key, seen);
    return seen;
  }

  /** The row of a name not cached, read by the unit of work (with the other names of the batch, or now). */
  private async stored(kind: Kind, key: string): Promise<Seen | undefined> {
    const spec = DIMENSIONS[kind] as DimensionSpec<ObjectLiteral & { id: number }>;
    const row = await this.work.findOne(spec.entity, { [spec.keyProperty]: key });
    return row
      ? this.seenOf(kind, row, spec.tracksLastSeen ? (row.lastSeenAt as Date).getTime() : -Infinity)
      : undefined;
  }

  private seenOf(kind: Kind, row: ObjectLiteral & { id: number }, lastSeenMs: number): Seen {
    const id = this.work.idOf(DIMENSIONS[kind].entity as EntityTarget<ObjectLiteral & { id: number }>, row);
    return kind === 'user' ? { id, lastSeenMs, name: row.name, email: row.email } : { id, lastSeenMs };
  }

  private touch(kind: Kind, id: number, at: Date): void {
    const noted = this.lastSeen[kind].get(id);
    if (!noted || noted < at) this.lastSeen[kind].set(id, at);
  }

  /**
   * Sets each row's noted columns where the stored time (`timeProperty`) is empty or older, one
   * statement for all rows. The time column is assigned last: MySQL assigns left to right, so the
   * others are judged on the stored time too.
   */
  private async updateIfNewer(
    entity: EntityTarget<ObjectLiteral>,
    timeProperty: string,
    newer: '<' | '<=',
    rows: (readonly [number, Latest])[]
  ): Promise<void> {
    if (rows.length === 0) return;
    const manager = this.work.manager;
    const dialect = dialectOf(manager.connection);
    const metadata = manager.connection.getMetadata(entity);
    const column = (property: string) => dialect.quote(metadata.findColumnWithPropertyName(property)!.databaseName);
    const properties = [...Object.keys(rows[0][1].set).filter((property) => property !== timeProperty), timeProperty];
    const time = column(timeProperty);
    const when = rows.map(() => `WHEN id = ? AND (${time} IS NULL OR ${time} ${newer} ?) THEN ?`).join(' ');
    const value = (v: unknown) => (v instanceof Date ? dialect.timestamp(v) : v);
    await manager.query(
      `UPDATE ${dialect.quote(metadata.tableName)} SET ${properties.map((p) => `${column(p)} = CASE ${when} ELSE ${column(p)} END`).join(', ')} WHERE id IN (${placeholders(rows)})`,
      [
        ...properties.flatMap((p) => rows.flatMap(([id, { at, set }]) => [id, dialect.timestamp(at), value(set[p])])),
        ...rows.map(([id]) => id),
      ]
    );
  }
}
