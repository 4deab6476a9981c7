import { EntityManager, EntityMetadata, EntityTarget, In, ObjectLiteral, ValueTransformer } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { chunks, Dialect, placeholders, rowsPerStatement, ServerAbilities, upsertSql } from '../db/dialect';
import { DimensionCache, Dimensions } from './dimensions';

export interface IngestLimits {
  payloadMaxBytes: number;
}

/** A stored record before and after one event, for whatever follows writes (rollups, metrics). */
export interface RecordChange {
  entity: string;
  before: ObjectLiteral | null;
  after: ObjectLiteral;
}

/** Records are found by one natural key: the id the monitored platform gives them. */
export type NaturalKey = Record<string, string>;

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
export function mergeFields<E extends ObjectLiteral>(
  before: E | null,
  incoming: Incoming<E>,
  advance: boolean
): Partial<E> {
  const merged: Partial<E> = {};
  for (const [key, value] of Object.entries(incoming) as [keyof E, E[keyof E] | null][]) {
    if (value === null || value === undefined) continue;
    if (before && !advance && before[key] !== null && before[key] !== undefined) continue;
    merged[key] = value;
  }
  return merged;
}

/** What the unit of work knows of one record, by its natural key. */
interface Tracked {
  /** The record as it stands now in this transaction; null: no such record. */
  current: ObjectLiteral | null;
  /** Not yet inserted: every version handed out gets the id once it is. */
  pendingVersions: ObjectLiteral[] | null;
  /** Properties changed since the stored row was read, written at flush. */
  dirty: Set<string>;
  /** Stands for the id until the record is inserted (see `idOf`). */
  placeholder?: number;
}

interface Table {
  metadata: EntityMetadata;
  /** The property records are found by (the natural key); records are tracked by its value. */
  keyProperty: string;
  records: Map<string, Tracked>;
}

const KEYS_PER_READ = 1000;

const initials = new WeakMap<EntityMetadata, [string, unknown][]>();

/** What a new record's columns hold when an event does not say: their defaults, else null (entities have no embedded columns). */
function initialValues(metadata: EntityMetadata): [string, unknown][] {
  let values = initials.get(metadata);
  if (!values) {
    values = metadata.columns
      .filter((column) => !column.isGenerated)
      .map((column) => {
        const transformer = column.transformer as ValueTransformer | undefined;
        const initial =
          column.default === undefined ? null : transformer ? transformer.from(column.default) : column.default;
        return [column.propertyName, initial];
      });
    initials.set(metadata, values);
  }
  return values;
}

/** A reference to another record: a property named like `workflowRunId`. */
const isReference = (property: string) => property.endsWith('Id');

/**
 * One transaction's worth of ingestion. Records are read by natural key, many at a time where
 * the caller knows the keys in advance (`prefetch`), and kept here; upserts change them in
 * memory, and `flush` writes what changed, a few multi-row statements per table. So a batch of
 * events costs a handful of statements per table rather than several per event, and a record
 * changed by several events is written once.
 */
export class UnitOfWork {
  readonly changes: RecordChange[] = [];
  readonly dimensions: Dimensions;
  private readonly tables = new Map<EntityTarget<ObjectLiteral>, Table>();
  /** New records by the placeholder that stands for their id; placeholders count down from -1. */
  private readonly placeholders = new Map<number, Tracked>();

  constructor(
    readonly manager: EntityManager,
    dimensionCache: DimensionCache,
    readonly limits: IngestLimits,
    private readonly dialect: Dialect,
    private readonly lockRows: boolean,
    private readonly server: ServerAbilities
  ) {
    this.dimensions = dimensionCache.scope(this);
  }

  /**
   * Reads the records with these keys in one query (in key order, the same lock order in every
   * transaction), locking those found until commit on MySQL. A key not found is not locked (the
   * writer reads committed): two transactions that both insert it meet on its unique key.
   */
  async prefetch<E extends ObjectLiteral>(
    entity: EntityTarget<E>,
    property: keyof E & string,
    values: Iterable<string>
  ): Promise<void> {
    const table = this.table(entity, property);
    const wanted = [...new Set(values)].filter((value) => !table.records.has(value));
    wanted.sort();
    for (const chunk of chunks(wanted, KEYS_PER_READ)) {
      const found = await this.manager.find(entity, {
        where: { [property]: In(chunk) } as never,
        lock: this.lockRows ? { mode: 'pessimistic_write' } : undefined,
      });
      const byKey = new Map(found.map((record) => [record[property] as string, record]));
      for (const value of chunk)
        table.records.set(value, { current: byKey.get(value) ?? null, pendingVersions: null, dirty: new Set() });
    }
  }

  /**
   * The record with this key as it stands in this transaction, read (and locked on MySQL, so
   * concurrent events for it queue up) the first time it is asked for.
   */
  async findOne<E extends ObjectLiteral>(entity: EntityTarget<E>, where: NaturalKey): Promise<E | null> {
    const [property, value] = keyOf(where);
    const table = this.table(entity, property);
    if (!table.records.has(value)) await this.prefetch(entity, property as keyof E & string, [value]);
    return table.records.get(value)!.current as E | null;
  }

  /**
   * Inserts or updates the record keyed by `where`: `next` says what its fields should be given
   * what is stored. Changes only what differs, so a replayed event writes nothing.
   */
  async upsert<E extends ObjectLiteral & { id: number }>(
    entity: EntityTarget<E>,
    where: NaturalKey,
    next: (before: E | null) => Partial<E>,
    before?: E | null
  ): Promise<E> {
    const stored = before === undefined ? await this.findOne(entity, where) : before;
    const wanted = next(stored);
    const [property, value] = keyOf(where);
    const table = this.table(entity, property);
    if (!stored) {
      const created = Object.assign(table.metadata.create() as E, where, wanted);
      // Give the new record its column defaults (or null) in memory too, as the database will.
      for (const [property, initial] of initialValues(table.metadata)) {
        if (created[property] === undefined) (created as ObjectLiteral)[property] = initial;
      }
      table.records.set(value, { current: created, pendingVersions: [created], dirty: new Set() });
      this.changes.push({ entity: table.metadata.name, before: null, after: created });
      return created;
    }
    const changes: Partial<E> = {};
    for (const [key, changed] of Object.entries(wanted) as [keyof E, E[keyof E]][]) {
      if (!same(stored[key], changed)) changes[key] = changed;
    }
    if (Object.keys(changes).length === 0) return stored;
    const after = Object.assign(Object.create(Object.getPrototypeOf(stored)) as E, stored, changes);
    const tracked = table.records.get(value)!;
    tracked.current = after;
    if (tracked.pendingVersions) tracked.pendingVersions.push(after);
    else for (const key of Object.keys(changes)) tracked.dirty.add(key);
    this.changes.push({ entity: table.metadata.name, before: stored, after });
    return after;
  }

  /**
   * The id of a record. A new record has none until `flush` inserts it with the other new records
   * of its table; until then a placeholder (a negative number) stands for it, which may be stored
   * in references (`…Id` properties) and is swapped for the id everywhere at flush.
   */
  idOf<E extends ObjectLiteral & { id: number }>(entity: EntityTarget<E>, record: E): number {
    if (record.id !== undefined) return record.id;
    const table = this.tables.get(entity)!;
    const tracked = table.records.get(record[table.keyProperty] as string)!;
    if (tracked.placeholder === undefined)
      this.placeholders.set((tracked.placeholder = -(this.placeholders.size + 1)), tracked);
    return tracked.placeholder;
  }

  /** The id a placeholder stands for once its record is inserted; any other id as it is. */
  resolveId(id: number): number {
    const tracked = this.placeholders.get(id);
    if (!tracked) return id;
    const resolved = tracked.current!.id as number | undefined;
    if (resolved === undefined) throw new Error(`record for placeholder ${id} is not inserted yet`);
    return resolved;
  }

  /**
   * Writes every new and changed record: the last step of the transaction before the rollups.
   * A table's new records go in once the records they reference are in.
   */
  async flush(): Promise<void> {
    let waiting = [...this.tables.values()].filter((table) => this.pending(table).length > 0);
    while (waiting.length > 0) {
      const ready = waiting.filter(
        (table) => !this.pending(table).some((tracked) => this.awaitsReference(tracked.current!))
      );
      if (ready.length === 0)
        throw new Error(`new records reference each other: ${waiting.map((table) => table.metadata.name).join(', ')}`);
      for (const table of ready) await this.insertPending(table);
      waiting = waiting.filter((table) => !ready.includes(table));
    }
    for (const table of this.tables.values()) await this.updateDirty(table);
    if (this.placeholders.size === 0) return;
    for (const change of this.changes) {
      if (change.before) this.fillReferences(change.before);
      this.fillReferences(change.after);
    }
    for (const table of this.tables.values())
      for (const tracked of table.records.values()) if (tracked.current) this.fillReferences(tracked.current);
  }

  private pending(table: Table): Tracked[] {
    return [...table.records.values()].filter((tracked) => tracked.pendingVersions);
  }

  private awaitsReference(record: ObjectLiteral): boolean {
    for (const property in record) {
      const tracked = isReference(property) ? this.placeholders.get(record[property] as number) : undefined;
      if (tracked && tracked.current!.id === undefined) return true;
    }
    return false;
  }

  private fillReferences(record: ObjectLiteral): void {
    for (const property in record) {
      if (isReference(property) && this.placeholders.has(record[property] as number))
        record[property] = this.resolveId(record[property] as number);
    }
  }

  private table(entity: EntityTarget<ObjectLiteral>, keyProperty: string): Table {
    let table = this.tables.get(entity);
    if (!table)
      this.tables.set(
        entity,
        (table = { metadata: this.manager.connection.getMetadata(entity), keyProperty, records: new Map() })
      );
    if (table.keyProperty !== keyProperty)
      throw new Error(`${table.metadata.name} records are found by ${table.keyProperty}, not ${keyProperty}`);
    return table;
  }

  private async insertPending(table: Table): Promise<void> {
    const pending = this.pending(table);
    const keyColumn = table.metadata.findColumnWithPropertyName(table.keyProperty)!;
    const columns = table.metadata.columns.filter((column) => !column.isGenerated);
    const q = this.dialect.quote;
    const returning = this.server.insertReturning ? ` RETURNING id, ${q(keyColumn.databaseName)} AS k` : '';
    for (const chunk of chunks(pending, rowsPerStatement(columns.length))) {
      const row = `(${placeholders(columns)})`;
      const raw: unknown = await this.manager.query(
        `INSERT INTO ${q(table.metadata.tableName)} (${columns.map((c) => q(c.databaseName)).join(', ')}) VALUES ${Array(chunk.length).fill(row).join(', ')}${returning}`,
        chunk.flatMap((tracked) => columns.map((column) => this.persisted(column, tracked.current!)))
      );
      const ids = returning
        ? idsByKey(raw as IdRow[], keyColumn, chunk)
        : chunk.length === 1
          ? [insertedId(raw)]
          : await this.readIds(table, keyColumn, chunk);
      chunk.forEach((tracked, i) => {
        for (const version of tracked.pendingVersions!) version.id = ids[i];
        tracked.pendingVersions = null;
      });
    }
  }

  /**
   * The ids a multi-row INSERT gave, read back by key: consecutive AUTO_INCREMENT values are not
   * promised (interleaved lock mode, auto_increment_increment).
   */
  private async readIds(table: Table, keyColumn: ColumnMetadata, chunk: Tracked[]): Promise<number[]> {
    const keys = chunk.map((tracked) => keyColumn.getEntityValue(tracked.current!) as string);
    const rows: IdRow[] = await this.manager.query(
      `SELECT id, ${this.dialect.quote(keyColumn.databaseName)} AS k FROM ${this.dialect.quote(table.metadata.tableName)} WHERE ${this.dialect.quote(keyColumn.databaseName)} IN (${placeholders(keys)})`,
      keys
    );
    return idsByKey(rows, keyColumn, chunk);
  }

  private async updateDirty(table: Table): Promise<void> {
    const dirty = [...table.records.values()].filter((tracked) => tracked.dirty.size > 0);
    if (dirty.length === 0) return;
    const properties = new Set(dirty.flatMap((tracked) => [...tracked.dirty]));
    const changed = table.metadata.columns.filter((column) => properties.has(column.propertyName));
    // An upsert by id of rows that all exist: the INSERT part still needs the NOT NULL columns.
    const required = table.metadata.columns.filter(
      (column) => !properties.has(column.propertyName) && (column.isPrimary || !column.isNullable)
    );
    const columns = [...required, ...changed];
    for (const chunk of chunks(dirty)) {
      const upsert = {
        table: table.metadata.tableName,
        keyColumns: required.map((c) => c.databaseName),
        valueColumns: changed.map((c) => c.databaseName),
        rowCount: chunk.length,
        mode: 'replace' as const,
        conflictColumns: ['id'],
      };
      await this.manager.query(
        upsertSql(this.dialect, upsert),
        chunk.flatMap((tracked) => columns.map((column) => this.persisted(column, tracked.current!)))
      );
      for (const tracked of chunk) tracked.dirty.clear();
    }
  }

  /** A property as its column holds it (transformers and the driver's own conversion applied, placeholders resolved). */
  private persisted(column: ColumnMetadata, record: ObjectLiteral): unknown {
    let value = column.getEntityValue(record) ?? null;
    if (typeof value === 'number' && isReference(column.propertyName)) value = this.resolveId(value);
    return this.manager.connection.driver.preparePersistentValue(value, column) ?? null;
  }
}

/** A new row's id beside its natural key, as `RETURNING` or a read back gives them. */
type IdRow = { id: number | string; k: string };

/** The chunk's ids in its order, from rows that name each one's key. */
function idsByKey(rows: IdRow[], keyColumn: ColumnMetadata, chunk: Tracked[]): number[] {
  const ids = new Map(rows.map((row) => [String(row.k), Number(row.id)]));
  return chunk.map((tracked) => ids.get(keyColumn.getEntityValue(tracked.current!) as string)!);
}

/** The id of the one row an INSERT added: MySQL's insertId, SQLite's last rowid. */
function insertedId(raw: unknown): number {
  return Number(typeof raw === 'object' && raw !== null ? (raw as { insertId: number }).insertId : raw);
}

function keyOf(where: NaturalKey): [string, string] {
  const entries = Object.entries(where);
  if (entries.length !== 1) throw new Error(`a record is found by one natural key, got ${entries.length}`);
  return entries[0];
}
