import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createDataSource } from './app/data-source';
import { rebuildRollups } from './rollups/rebuild';

/** `npm run rollups:rebuild`: recomputes the statistics from the raw records. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    const started = Date.now();
    const records = await rebuildRollups(dataSource, config.minuteRollupDays, (message) =>
      process.stdout.write(`\r${message}   `)
    );
    process.stdout.write(
      `\nRebuilt the rollups from ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`Rebuild failed: ${error.message}\n`);
  process.exit(1);
});
