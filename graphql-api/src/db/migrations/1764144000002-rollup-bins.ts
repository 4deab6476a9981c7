import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { forDialect } from './1764144000000-initial-schema';
import { bucketKey } from './1764144000001-rollups';

const BUCKET_COLUMNS = bucketKey.map((column) => column.name).join(', ');

/**
 * Duration histograms move from one JSON row per metric, dimension key and bucket
 * (`rollup_histograms`) to one row per bin (`rollup_bins`), so ingestion adds to a bin's count in
 * place, with the same kind of upsert as the rollup sums, instead of reading, merging and writing
 * back the JSON of every histogram it touches. Stored histograms are converted, both ways.
 */
export class RollupBins1764144000002 implements MigrationInterface {
  name = 'RollupBins1764144000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'rollup_bins',
          columns: [
            ...bucketKey,
            { name: 'bin', type: 'smallint', isPrimary: true },
            { name: 'n', type: 'bigint', default: 0 },
          ],
          // For pruning old minute rows.
          indices: [new TableIndex({ name: 'ix_rollup_bins_res_bucket', columnNames: ['res', 'bucket'] })],
        })
      )
    );
    // The JSON's keys are the bins and its values the counts, e.g. {"41":3,"42":1}.
    const bins =
      runner.connection.options.type === 'mysql'
        ? `SELECT ${prefixed('h')}, CAST(k.bin AS UNSIGNED), CAST(JSON_EXTRACT(h.bins, CONCAT('$."', k.bin, '"')) AS SIGNED)
           FROM rollup_histograms h, JSON_TABLE(JSON_KEYS(h.bins), '$[*]' COLUMNS (bin VARCHAR(8) PATH '$')) AS k`
        : `SELECT ${prefixed('h')}, CAST(k.key AS INTEGER), k.value FROM rollup_histograms h, json_each(h.bins) AS k`;
    await runner.query(`INSERT INTO rollup_bins (${BUCKET_COLUMNS}, bin, n) ${bins}`);
    await runner.dropTable('rollup_histograms');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table(
        forDialect(runner, {
          name: 'rollup_histograms',
          columns: [...bucketKey, { name: 'bins', type: 'text' }],
          indices: [new TableIndex({ name: 'ix_rollup_histograms_res_bucket', columnNames: ['res', 'bucket'] })],
        })
      )
    );
    const object = runner.connection.options.type === 'mysql' ? 'JSON_OBJECTAGG(bin, n)' : 'json_group_object(bin, n)';
    await runner.query(
      `INSERT INTO rollup_histograms (${BUCKET_COLUMNS}, bins) SELECT ${BUCKET_COLUMNS}, ${object} FROM rollup_bins WHERE n <> 0 GROUP BY ${BUCKET_COLUMNS}`
    );
    await runner.dropTable('rollup_bins');
  }
}

function prefixed(alias: string): string {
  return bucketKey.map((column) => `${alias}.${column.name}`).join(', ');
}
