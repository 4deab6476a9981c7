import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { minuteFloor, RESOLUTION_CODE } from './buckets';

const EVERY_MS = 3_600_000;

/** Deletes minute rollups older than MINUTE_ROLLUP_DAYS: older ranges are read from hours. */
export async function pruneMinuteRollups(dataSource: DataSource, days: number, now = Date.now()): Promise<void> {
  const floor = minuteFloor(days, now);
  for (const table of ['rollups', 'rollup_bins']) {
    await dataSource.query(`DELETE FROM ${table} WHERE res = ? AND bucket < ?`, [RESOLUTION_CODE.minute, floor]);
  }
}

/** Runs the pruning once an hour in the API process. */
export class RollupMaintenance {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly days: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const run = () =>
      pruneMinuteRollups(this.dataSource, this.days).catch((error: Error) => this.logger.warn({ err: error }, 'pruning minute rollups failed'));
    void run();
    this.timer = setInterval(run, EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
