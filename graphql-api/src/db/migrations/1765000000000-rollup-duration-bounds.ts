import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The largest duration a JS number holds exactly: the upper bound of rows whose durations are unknown. */
const UNBOUNDED_MS = Number.MAX_SAFE_INTEGER;

/**
 * Rollup rows keep the smallest and largest duration they counted, so percentiles read from the
 * histogram bins (each within 5 %) can be kept between them. Stored rows of one duration get it
 * as both bounds; the others get bounds that hold every duration (0 and UNBOUNDED_MS), which
 * leave their percentiles as they were until rebuild-rollups makes them exact.
 */
export class RollupDurationBounds1765000000000 implements MigrationInterface {
  name = 'RollupDurationBounds1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('rollups', [
      new TableColumn({ name: 'dur_min', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'dur_max', type: 'bigint', isNullable: true }),
    ]);
    await runner.query(
      `UPDATE rollups SET dur_min = CASE WHEN dur_n = 1 THEN dur_sum ELSE 0 END, dur_max = CASE WHEN dur_n = 1 THEN dur_sum ELSE ${UNBOUNDED_MS} END WHERE dur_n <> 0`
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('rollups', 'dur_max');
    await runner.dropColumn('rollups', 'dur_min');
  }
}
