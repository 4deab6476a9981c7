import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Agent } from '../agents/agent.entity';
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

/** Finds or creates the things an event names, inside the event's transaction. */
export class Dimensions {
  private readonly pending: Record<Kind, Map<string, Seen>> = { user: new Map(), agent: new Map(), tool: new Map(), workflow: new Map() };

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
  async noteFailure(kind: 'agent' | 'tool', id: number, at: Date, type: string | null, message: string | null): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(SPECS[kind].entity)
      .set({ lastErrorAt: at, lastErrorType: type, lastErrorMessage: message })
      .where('id = :id AND (last_error_at IS NULL OR last_error_at < :at)', { id, at })
      .execute();
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
      if (spec.tracksLastSeen && known.lastSeenMs < atMs) await this.touch(spec, known.id, at);
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
      if (stored < atMs) await this.touch(spec, row.id as number, at);
      lastSeenMs = Math.max(stored, atMs);
    }
    const seen: Seen = { id: row.id as number, lastSeenMs, name: row.name, email: row.email };
    this.pending[kind].set(key, seen);
    return seen;
  }

  private async touch(spec: DimensionSpec<ObjectLiteral>, id: number, at: Date): Promise<void> {
    // Monotonic: a late event never moves last_seen_at back.
    await this.manager
      .createQueryBuilder()
      .update(spec.entity)
      .set({ lastSeenAt: at })
      .where('id = :id AND last_seen_at < :at', { id, at })
      .execute();
  }
}
