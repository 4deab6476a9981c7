import { DataSource, MoreThan } from 'typeorm';
import { dialectOf, placeholders } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import { minuteFloor } from './buckets';
import { METRICS, StatsMetric } from './catalogue';
import { RollupDeltas, writeRollups } from './rollup.writer';

const CHUNK = 5000;

/** Every table rollups are kept in: sums, histograms (bins of minutes and hours, rows of days and months), per-user totals. */
export const ROLLUP_TABLES = ['rollups', 'rollup_bins', 'rollup_coarse_bins', 'user_rollups'];

// Session activity is counted from events, which are not stored: it cannot be recomputed, so a
// rebuild keeps it as it is.
const REBUILT = Object.values(METRICS).filter((spec) => spec.metric !== StatsMetric.SESSION_ACTIVITY);

/**
 * Recomputes the rollups from the raw records, e.g. after a restore or a fix. Run it while no
 * events are being ingested. Records are read in id order, a chunk per transaction.
 */
export async function rebuildRollups(
  dataSource: DataSource,
  minuteRollupDays: number,
  progress: (message: string) => void = () => undefined
): Promise<number> {
  const metrics = REBUILT.map((spec) => spec.metric);
  for (const table of ROLLUP_TABLES) {
    await dataSource.query(`DELETE FROM ${table} WHERE metric IN (${placeholders(metrics)})`, metrics);
  }
  const dialect = dialectOf(dataSource);
  const entities = [...new Set(REBUILT.map((spec) => spec.entity))];
  let total = 0;
  for (const entity of entities) {
    const repository = dataSource.getRepository(entity);
    let lastId = 0;
    for (;;) {
      const records = await repository.find({ where: { id: MoreThan(lastId) }, order: { id: 'ASC' }, take: CHUNK });
      if (records.length === 0) break;
      lastId = records.at(-1)!.id as number;
      const deltas = new RollupDeltas(minuteFloor(minuteRollupDays));
      for (const after of records) deltas.addChange({ entity, before: null, after });
      await inTransaction(dataSource, (manager) => writeRollups(manager, dialect, deltas));
      total += records.length;
      progress(`${entity}: ${total} records so far`);
    }
  }
  return total;
}
