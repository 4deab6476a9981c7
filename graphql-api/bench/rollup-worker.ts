import 'reflect-metadata';
import { workerData } from 'node:worker_threads';
import { createDataSource } from '../src/app/data-source';
import { dialectOf } from '../src/db/dialect';
import { toMinute } from '../src/rollups/buckets';
import { simulate } from './generate';
import { RollupLoad } from './rollup-load';

export interface RollupWorkerData {
  url: string;
  executions: number;
  now: number;
  minuteFloor: number;
  /** The records whose rollups this thread writes. */
  entities: string[];
}

/** generateDataset's second thread: the same history, of which it sums and writes some records' rollups. */
async function main({ url, executions, now, minuteFloor, entities }: RollupWorkerData): Promise<void> {
  const dataSource = createDataSource({ kind: 'mysql', url });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET foreign_key_checks = 0, unique_checks = 0');
    await runner.startTransaction();
    const rollups = new RollupLoad(runner.manager, dialectOf(dataSource), minuteFloor);
    // Rows are not written here: their times can stay numbers.
    await simulate(executions, now, (ms) => ms, {
      row: () => undefined,
      record: (entity, record) => {
        if (entities.includes(entity)) rollups.add(entity, record);
      },
      tick: () => new Promise(setImmediate),
      endDay: (_day, end) => rollups.endDay(toMinute(end)),
    });
    await rollups.finish();
    await runner.commitTransaction();
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

// A rejection ends the thread with an 'error' event, which generateDataset reports.
void main(workerData as RollupWorkerData);
