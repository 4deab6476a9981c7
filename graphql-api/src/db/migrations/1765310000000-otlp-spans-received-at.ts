import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEX = new TableIndex({ name: 'ix_otlp_spans_received_at', columnNames: ['received_at'] });

/** Kept spans age by when they were received: the retention job finds the old ones by this index. */
export class OtlpSpansReceivedAt1765310000000 implements MigrationInterface {
  name = 'OtlpSpansReceivedAt1765310000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('otlp_spans', INDEX);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('otlp_spans', INDEX.name!);
  }
}
