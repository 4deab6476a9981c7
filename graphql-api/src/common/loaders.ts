import DataLoader from 'dataloader';
import { DataSource, EntityTarget, In, ObjectLiteral } from 'typeorm';

type Key = string | number;

/**
 * Per-request DataLoaders: nested fields of many records (each execution's agent, each run's
 * task runs) are fetched with one query per field and page, not one per record.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<Key, unknown>>();

  constructor(private readonly dataSource: DataSource) {}

  /** The record whose `property` equals the key (id, external id), or null. */
  one<E extends ObjectLiteral>(entity: EntityTarget<E>, property = 'id'): DataLoader<Key, E | null> {
    return this.get(entity, property, 'one', (rows, keys) => {
      const byKey = new Map(rows.map((row) => [String(row[property]), row]));
      return keys.map((key) => byKey.get(String(key)) ?? null);
    });
  }

  /** All records whose `property` equals the key, in id order. */
  many<E extends ObjectLiteral>(entity: EntityTarget<E>, property: string): DataLoader<Key, E[]> {
    return this.get(entity, property, 'many', (rows, keys) => {
      const byKey = new Map<string, E[]>(keys.map((key) => [String(key), []]));
      for (const row of rows) byKey.get(String(row[property]))?.push(row);
      return keys.map((key) => byKey.get(String(key))!);
    });
  }

  private get<E extends ObjectLiteral, R>(
    entity: EntityTarget<E>,
    property: string,
    shape: string,
    arrange: (rows: E[], keys: readonly Key[]) => R[]
  ): DataLoader<Key, R> {
    const repository = this.dataSource.getRepository(entity);
    const name = `${repository.metadata.name}.${property}.${shape}`;
    let loader = this.loaders.get(name) as DataLoader<Key, R> | undefined;
    if (!loader) {
      loader = new DataLoader<Key, R>(
        async (keys) =>
          arrange(
            await repository.find({ where: { [property]: In([...keys]) } as never, order: { id: 'ASC' } as never }),
            keys
          ),
        { maxBatchSize: 1000 }
      );
      this.loaders.set(name, loader as DataLoader<Key, unknown>);
    }
    return loader;
  }
}
