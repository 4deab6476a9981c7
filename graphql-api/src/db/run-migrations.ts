import { DataSource, Migration } from 'typeorm';
import { isMysql } from './dialect';

// MariaDB's named locks are per server, so the name carries the database's (hashed to stay
// within the 64 characters a lock name may have).
const LOCK = `CONCAT('agentmon_migrate_', SHA1(DATABASE()))`;
const WAIT_SECONDS = 600;

/**
 * Applies the pending migrations, one process at a time. Replicas of a new deployment start
 * together, and two processes running the same migration fail on a table the other has just made:
 * on MariaDB/MySQL a named lock makes the others wait, then find nothing left to do. SQLite's
 * embedded database belongs to one process.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  if (!isMysql(dataSource)) return dataSource.runMigrations({ transaction: 'each' });
  const lockHolder = dataSource.createQueryRunner();
  try {
    const [{ locked }] = await lockHolder.query(`SELECT GET_LOCK(${LOCK}, ?) AS locked`, [WAIT_SECONDS]);
    if (Number(locked) !== 1) {
      throw new Error(`another process has been migrating this database for over ${WAIT_SECONDS} s`);
    }
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockHolder.query(`SELECT RELEASE_LOCK(${LOCK})`);
    }
  } finally {
    await lockHolder.release();
  }
}
