import { MigrationInterface, QueryRunner } from 'typeorm';
import { bucketKey } from './1764144000001-rollups';

const BUCKET_COLUMNS = bucketKey.map((column) => column.name).join(', ');
/** Fine bins 2k and 2k + 1 become coarse bin 200 + k (the ids in `rollups/histogram.ts` as of this migration). */
const FINE = "res IN ('day', 'month') AND bin >= 2 AND bin < 200";

/**
 * Day and month rows keep duration bins two fine bins wide, so long ranges read about half as many
 * bin rows (percentiles within 10 % instead of 5 % there). Stored day and month bins are merged
 * pairwise; minute and hour rows keep theirs.
 */
export class CoarseDayBins1765600000000 implements MigrationInterface {
  name = 'CoarseDayBins1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    const half = runner.connection.options.type === 'mysql' ? 'bin DIV 2' : 'bin / 2';
    await runner.query(
      `INSERT INTO rollup_bins (${BUCKET_COLUMNS}, bin, n) SELECT ${BUCKET_COLUMNS}, 200 + ${half}, SUM(n) FROM rollup_bins WHERE ${FINE} GROUP BY ${BUCKET_COLUMNS}, 200 + ${half}`
    );
    await runner.query(`DELETE FROM rollup_bins WHERE ${FINE}`);
  }

  /** Each coarse bin's count goes back to the lower of its two fine bins: which one held each record is gone. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO rollup_bins (${BUCKET_COLUMNS}, bin, n) SELECT ${BUCKET_COLUMNS}, 2 * (bin - 200), n FROM rollup_bins WHERE res IN ('day', 'month') AND bin >= 200`
    );
    await runner.query("DELETE FROM rollup_bins WHERE res IN ('day', 'month') AND bin >= 200");
  }
}
