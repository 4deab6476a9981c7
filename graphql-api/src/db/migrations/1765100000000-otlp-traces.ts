import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import { forDialect } from './1764144000000-initial-schema';

// Hex ids as OTLP/JSON writes them: 32 characters for a trace, 16 for a span.
const traceColumns = (): TableColumnOptions[] => [
  { name: 'trace_id', type: 'varchar', length: '32', isNullable: true },
  { name: 'span_id', type: 'varchar', length: '16', isNullable: true },
];
const TRACED_TABLES = ['agent_executions', 'tool_executions', 'workflow_runs'];
const USAGE_COLUMNS: TableColumnOptions[] = [
  { name: 'cached_input_tokens', type: 'int', isNullable: true },
  { name: 'reasoning_tokens', type: 'int', isNullable: true },
  { name: 'unpriced', type: 'boolean', default: false },
];

/**
 * OTLP traces: executions and runs keep the trace and span they came from (for links to a trace
 * viewer); model calls keep cached and reasoning tokens and whether a price was known; received
 * spans are kept by trace and span id, so a span that arrives before its parent is attributed
 * again when the parent comes, and a replayed export is recognised.
 */
export class OtlpTraces1765100000000 implements MigrationInterface {
  name = 'OtlpTraces1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of TRACED_TABLES)
      await runner.addColumns(
        table,
        traceColumns().map((column) => new TableColumn(column))
      );
    await runner.addColumns(
      'agent_executions',
      USAGE_COLUMNS.map((column) => new TableColumn(column))
    );
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'otlp_spans',
          columns: [
            { name: 'trace_id', type: 'varchar', length: '32', isPrimary: true },
            { name: 'span_id', type: 'varchar', length: '16', isPrimary: true },
            { name: 'span_json', type: 'mediumtext' },
            { name: 'received_at', type: 'datetime', precision: 3 },
          ],
        })
      )
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('otlp_spans');
    await runner.dropColumns(
      'agent_executions',
      USAGE_COLUMNS.map((column) => column.name)
    );
    for (const table of TRACED_TABLES) await runner.dropColumns(table, ['trace_id', 'span_id']);
  }
}
