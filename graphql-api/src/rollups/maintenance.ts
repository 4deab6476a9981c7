import { DataSource } from 'typeorm';
import { minuteFloor } from './buckets';

/** Deletes minute rollups older than MINUTE_ROLLUP_DAYS: older ranges are read from hours. */
export async function pruneMinuteRollups(dataSource: DataSource, days: number, now = Date.now()): Promise<void> {
  const floor = minuteFloor(days, now);
  for (const table of ['rollups', 'rollup_bins', 'user_rollups']) {
    await dataSource.query(`DELETE FROM ${table} WHERE res = ? AND bucket < ?`, ['minute', floor]);
  }
}
