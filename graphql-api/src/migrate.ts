import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createDataSource } from './app/data-source';
import { runMigrationsExclusively } from './db/run-migrations';

/** `migrate` applies pending migrations; `migrate down` reverts the latest one. */
async function migrate(direction: string): Promise<void> {
  const dataSource = createDataSource(loadConfig().database);
  await dataSource.initialize();
  try {
    if (direction === 'down') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the latest migration.\n');
    } else {
      const applied = await runMigrationsExclusively(dataSource);
      process.stdout.write(
        applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}\n` : 'Already up to date.\n'
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

migrate(process.argv[2] ?? 'up').catch((error: Error) => {
  process.stderr.write(`Migration failed: ${error.message}\n`);
  process.exit(1);
});
