import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** An entity and the property its rows are named by outside the database (external id, name, key). */
export interface KeyedEntity<E extends ObjectLiteral = ObjectLiteral> {
  entity: EntityTarget<E>;
  keyProperty: keyof E & string;
}

/** Its table and key column, as the entity maps them, for raw SQL. */
export function keyedTable(
  dataSource: DataSource,
  { entity, keyProperty }: KeyedEntity
): { table: string; keyColumn: string } {
  const metadata = dataSource.getMetadata(entity);
  return { table: metadata.tableName, keyColumn: metadata.findColumnWithPropertyName(keyProperty)!.databaseName };
}
