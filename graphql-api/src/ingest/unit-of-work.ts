import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, ValueTransformer } from 'typeorm';
import { Dimensions } from './dimensions';

export interface IngestLimits {
  payloadMaxBytes: number;
}

/** A stored record before and after one event, for whatever follows writes (rollups, metrics). */
export interface RecordChange {
  entity: string;
  before: ObjectLiteral | null;
  after: ObjectLiteral;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** The values an event brings for a record; null means the event does not say. */
export type Incoming<E> = { [K in keyof E]?: E[K] | null };

/**
 * The values an event brings, merged into what is stored. Absent (null) values never erase
 * stored ones. When the event is stale (`advance` false: its state is behind the stored one) it
 * only fills what is still empty.
 */
export function mergeFields<E extends ObjectLiteral>(before: E | null, incoming: Incoming<E>, advance: boolean): Partial<E> {
  const merged: Partial<E> = {};
  for (const [key, value] of Object.entries(incoming) as [keyof E, E[keyof E] | null][]) {
    if (value === null || value === undefined) continue;
    if (before && !advance && before[key] !== null && before[key] !== undefined) continue;
    merged[key] = value;
  }
  return merged;
}

/** One transaction's worth of ingestion: the manager, the dimensions, and the changes made. */
export class UnitOfWork {
  readonly changes: RecordChange[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly dimensions: Dimensions,
    readonly limits: IngestLimits,
    private readonly lockRows: boolean,
  ) {}

  /** Reads a record and, on MySQL, locks it until commit so concurrent events for it queue up. */
  findOne<E extends ObjectLiteral>(entity: EntityTarget<E>, where: FindOptionsWhere<E>): Promise<E | null> {
    return this.manager.findOne(entity, { where, lock: this.lockRows ? { mode: 'pessimistic_write' } : undefined });
  }

  /**
   * Inserts or updates the record keyed by `where`: `next` says what its fields should be given
   * what is stored. Writes only what differs, so a replayed event writes nothing.
   */
  async upsert<E extends ObjectLiteral & { id: number }>(
    entity: EntityTarget<E>,
    where: FindOptionsWhere<E> & Partial<E>,
    next: (before: E | null) => Partial<E>,
    before?: E | null,
  ): Promise<E> {
    const stored = before === undefined ? await this.findOne(entity, where) : before;
    const wanted = next(stored);
    const metadata = this.manager.getRepository(entity).metadata;
    if (!stored) {
      const created = this.manager.create(entity, { ...where, ...wanted } as E);
      // Give the new record its column defaults (or null) in memory too, as the database will.
      for (const column of metadata.columns) {
        if (column.isGenerated || column.getEntityValue(created) !== undefined) continue;
        const transformer = column.transformer as ValueTransformer | undefined;
        const value = column.default === undefined ? null : transformer ? transformer.from(column.default) : column.default;
        column.setEntityValue(created, value);
      }
      // Defaults are already set above, so TypeORM need not read the row back: take the id the
      // driver reports (MySQL's insertId, SQLite's last rowid) and skip that SELECT.
      const { raw } = await this.manager.createQueryBuilder().insert().into(entity).values(created).updateEntity(false).execute();
      (created as { id: number }).id = Number(typeof raw === 'object' && raw !== null ? (raw as { insertId: number }).insertId : raw);
      this.changes.push({ entity: metadata.name, before: null, after: created });
      return created;
    }
    const changes: Partial<E> = {};
    for (const [key, value] of Object.entries(wanted) as [keyof E, E[keyof E]][]) {
      if (!same(stored[key], value)) changes[key] = value;
    }
    if (Object.keys(changes).length === 0) return stored;
    await this.manager.update(entity, { id: stored.id } as FindOptionsWhere<E>, changes as never);
    const after = Object.assign(Object.create(Object.getPrototypeOf(stored)) as E, stored, changes);
    this.changes.push({ entity: metadata.name, before: stored, after });
    return after;
  }
}
