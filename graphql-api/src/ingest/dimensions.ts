import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Agent } from '../agents/agent.entity';
import { dialectOf } from '../db/dialect';
import { Tool } from '../tools/tool.entity';
import { User } from '../users/user.entity';
import { Workflow } from '../workflows/workflow.entity';

interface Seen {
  id: number;
  lastSeenMs: number;
  /** Users only: the profile as stored, so an unchanged profile costs no write. */
  name?: string | null;
  email?: string | null;
}

interface DimensionSpec<E extends ObjectLiteral> {
  entity: EntityTarget<E>;
  /** The column events name the thing by (external id, name, key). */
  keyProperty: keyof E & string;
  /** Whether rows carry a last_seen_at that follows the newest event. */
  tracksLastSeen: boolean;
}

const SPECS = {
  user: { entity: User, keyProperty: 'externalId', tracksLastSeen: true } as DimensionSpec<User>,
  agent: { entity: Agent, keyProperty: 'name', tracksLastSeen: true } as DimensionSpec<Agent>,
  tool: { entity: Tool, keyProperty: 'name', tracksLastSeen: true } as DimensionSpec<Tool>,
  workflow: { entity: Workflow, keyProperty: 'key', tracksLastSeen: false } as DimensionSpec<Workflow>,
};
type Kind = keyof typeof SPECS;

/**
 * Ids of users, agents, tools and workflows by the names events give them, shared by all requests.
 * Rows are never deleted, so a cached id stays right; entries are added only after their
 * transaction commits, so a rolled-back first sighting is not remembered.
 */
export class DimensionCache {
  readonly entries: Record<Kind, Map<string, Seen>> = { user: new Map(), agent: new Map(), tool: new Map(), workflow: new Map() };

  scope(manager: EntityManager): Dimensions {
    return new Dimensions(manager, this);
  }
}

interface Latest {
  at: Date;
  set: Record<string, unknown>;
}

/**
 * Finds or creates the things an event names, inside the event's transaction. What events note
 * on them (last seen, latest failure, latest run) is kept here and written once per thing by
 * `flush`, at the end of the transaction: these rows are shared by most events, so they are
 * locked for the shortest time, in id order.
 */
export class Dimensions {
  private readonly pending: Record<Kind, Map<string, Seen>> = { user: new Map(), agent: new Map(), tool: new Map(), workflow: new Map() };
  private readonly lastSeen: Record<Kind, Map<number, Date>> = { user: new Map(), agent: new Map(), tool: new Map(), workflow: new Map() };
  private readonly failures: Record<'agent' | 'tool', Map<number, Latest>> = { agent: new Map(), tool: new Map() };
  private readonly runs = new Map<number, Latest>();

  constructor(
    private readonly manager: EntityManager,
    private readonly cache: DimensionCache,
  ) {}

  async user(externalId: string, at: Date, profile: { name?: string | null; email?: string | null } = {}): Promise<number> {
    const seen = await this.resolve('user', externalId, at, { name: profile.name ?? null, email: profile.email ?? null });
    const changes: Partial<User> = {};
    if (profile.name && profile.name !== seen.name) changes.name = profile.name;
    if (profile.email && profile.email !== seen.email) changes.email = profile.email;
    if (changes.name !== undefined || changes.email !== undefined) {
      await this.manager.createQueryBuilder().update(User).set(changes).where('id = :id', { id: seen.id }).execute();
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
    return (await this.resolve('workflow', key, at, { name: name ?? key, nodesJson: '[]', edgesJson: '[]', updatedAt: at })).id;
  }

  /** Keeps an agent's or tool's latest failure with it; an older failure arriving late changes nothing. */
  noteFailure(kind: 'agent' | 'tool', id: number, at: Date, type: string | null, message: string | null): void {
    const noted = this.failures[kind].get(id);
    if (!noted || noted.at < at) this.failures[kind].set(id, { at, set: { lastErrorAt: at, lastErrorType: type, lastErrorMessage: message } });
  }

  /** Keeps a workflow's latest run state with it, so the DAGs table reads it in O(1). */
  noteRun(workflowId: number, at: Date, status: string): void {
    const noted = this.runs.get(workflowId);
    if (!noted || noted.at <= at) this.runs.set(workflowId, { at, set: { lastRunAt: at, lastRunStatus: status } });
  }

  /** Writes what was noted; conditional on what is stored, so a late event never moves anything back. */
  async flush(): Promise<void> {
    const byId = <V>(map: Map<number, V>) => [...map.entries()].sort(([a], [b]) => a - b);
    // Last seen is noted by nearly every event: one statement per table moves every row it names.
    const dialect = dialectOf(this.manager.connection);
    for (const kind of Object.keys(this.lastSeen) as Kind[]) {
      const seen = byId(this.lastSeen[kind]);
      if (seen.length === 0) continue;
      const table = this.manager.connection.getMetadata(SPECS[kind].entity).tableName;
      await this.manager.query(
        `UPDATE ${dialect.quote(table)} SET last_seen_at = CASE ${seen.map(() => 'WHEN id = ? AND last_seen_at < ? THEN ?').join(' ')} ELSE last_seen_at END WHERE id IN (${seen.map(() => '?').join(', ')})`,
        [...seen.flatMap(([id, at]) => [id, dialect.timestamp(at), dialect.timestamp(at)]), ...seen.map(([id]) => id)],
      );
    }
    for (const kind of ['agent', 'tool'] as const) {
      for (const [id, { at, set }] of byId(this.failures[kind])) {
        await this.update(SPECS[kind].entity, set, '(last_error_at IS NULL OR last_error_at < :at)', id, at);
      }
    }
    for (const [id, { at, set }] of byId(this.runs)) {
      await this.update(Workflow, set, '(last_run_at IS NULL OR last_run_at <= :at)', id, at);
    }
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
    const spec = SPECS[kind] as DimensionSpec<ObjectLiteral>;
    const known = this.pending[kind].get(key) ?? this.cache.entries[kind].get(key);
    const atMs = at.getTime();
    if (known) {
      if (spec.tracksLastSeen && known.lastSeenMs < atMs) this.touch(kind, known.id, at);
      const seen = { ...known, lastSeenMs: Math.max(known.lastSeenMs, atMs) };
      this.pending[kind].set(key, seen);
      return seen;
    }
    const values: Record<string, unknown> = { [spec.keyProperty]: key, createdAt: at, ...extra };
    if (spec.tracksLastSeen) values.lastSeenAt = at;
    await this.manager.createQueryBuilder().insert().into(spec.entity).values(values).orIgnore().execute();
    const query = this.manager.createQueryBuilder(spec.entity, 'd');
    // A locking read sees a row another API instance committed after this transaction began (the
    // INSERT IGNORE above met it); a plain read would not. (FOR UPDATE: TypeORM words a shared lock
    // in a way MariaDB refuses; this runs once per name and process.) SQLite has one writer.
    if (this.manager.connection.options.type === 'mysql') query.setLock('pessimistic_write');
    const row = await query
      .select(['d.id'])
      .addSelect(spec.tracksLastSeen ? ['d.lastSeenAt'] : [])
      .addSelect(kind === 'user' ? ['d.name', 'd.email'] : [])
      .where(`d.${spec.keyProperty} = :key`, { key })
      .getOneOrFail();
    let lastSeenMs = atMs;
    if (spec.tracksLastSeen) {
      const stored = (row as { lastSeenAt: Date }).lastSeenAt.getTime();
      if (stored < atMs) this.touch(kind, row.id as number, at);
      lastSeenMs = Math.max(stored, atMs);
    }
    const seen: Seen = { id: row.id as number, lastSeenMs, name: row.name, email: row.email };
    this.pending[kind].set(key, seen);
    return seen;
  }

  private touch(kind: Kind, id: number, at: Date): void {
    const noted = this.lastSeen[kind].get(id);
    if (!noted || noted < at) this.lastSeen[kind].set(id, at);
  }

  private async update(entity: EntityTarget<ObjectLiteral>, set: Record<string, unknown>, condition: string, id: number, at: Date): Promise<void> {
    await this.manager.createQueryBuilder().update(entity).set(set).where(`id = :id AND ${condition}`, { id, at }).execute();
  }
}
