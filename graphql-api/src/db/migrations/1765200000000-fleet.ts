import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';
import { forDialect, IDENTIFIER_COLLATION } from './1764144000000-initial-schema';

const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const text = (name: string, length: number, nullable = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const int = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
const serviceRef = (table: string) =>
  new TableForeignKey({
    name: `fk_${table}_service_id`,
    columnNames: ['service_id'],
    referencedTableName: 'services',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
const index = (table: string, ...columns: string[]) =>
  new TableIndex({ name: `ix_${table}_${columns.join('_')}`, columnNames: columns });

/**
 * The fleet: registered services, their heartbeats, the API's health probes of them, and their
 * state changes. Heartbeats and probes are also counted in the rollups (metrics
 * service_heartbeats and health_probes, dimension "service").
 */
export class Fleet1765200000000 implements MigrationInterface {
  name = 'Fleet1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'services',
          columns: [
            id(),
            { ...text('external_id', 191, false), collation: IDENTIFIER_COLLATION },
            text('name', 191, false),
            text('type', 16, false),
            text('url', 2048),
            text('health_endpoint', 2048),
            text('version', 128),
            { name: 'labels', type: 'text' },
            int('heartbeat_interval_s', false),
            int('probe_interval_s', false),
            time('registered_at'),
            time('updated_at'),
            time('retired_at', true),
            time('last_heartbeat_at', true),
            text('last_heartbeat_status', 16),
            text('last_heartbeat_message', 512),
            time('last_probe_at', true),
            { name: 'last_probe_up', type: 'boolean', isNullable: true },
            int('last_probe_status_code'),
            int('last_probe_response_ms'),
            text('last_probe_error', 512),
            time('next_probe_at', true),
          ],
          indices: [
            new TableIndex({ name: 'uq_services_external_id', columnNames: ['external_id'], isUnique: true }),
            index('services', 'next_probe_at'),
          ],
        })
      )
    );
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'service_heartbeats',
          columns: [id(), int('service_id', false), time('at'), text('status', 16, false), text('message', 512)],
          indices: [index('service_heartbeats', 'service_id', 'at'), index('service_heartbeats', 'at')],
          foreignKeys: [serviceRef('service_heartbeats')],
        })
      )
    );
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'health_probes',
          columns: [
            id(),
            int('service_id', false),
            time('at'),
            { name: 'up', type: 'boolean' },
            int('status_code'),
            int('response_ms'),
            text('error', 512),
          ],
          indices: [index('health_probes', 'service_id', 'at'), index('health_probes', 'at')],
          foreignKeys: [serviceRef('health_probes')],
        })
      )
    );
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'service_state_changes',
          columns: [
            id(),
            int('service_id', false),
            time('at'),
            text('source', 16, false),
            text('state', 16, false),
            text('previous_state', 16, false),
            text('reason', 512),
          ],
          indices: [index('service_state_changes', 'service_id', 'at'), index('service_state_changes', 'at')],
          foreignKeys: [serviceRef('service_state_changes')],
        })
      )
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['service_state_changes', 'health_probes', 'service_heartbeats', 'services'])
      await runner.dropTable(table, true, true, true);
    await runner.query("DELETE FROM rollups WHERE metric IN ('service_heartbeats', 'health_probes')");
    await runner.query("DELETE FROM rollup_bins WHERE metric IN ('service_heartbeats', 'health_probes')");
  }
}
