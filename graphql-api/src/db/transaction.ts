import { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './dialect';

// InnoDB may pick a transaction as a deadlock victim, or two first sightings of one id may race on
// a unique key; both are safe to run again because every write is an idempotent upsert.
const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_DUP_ENTRY']);
const RETRYABLE_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const ATTEMPTS = 6;

function isRetryable(dataSource: DataSource, error: unknown): boolean {
  const code =
    (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (error as { code?: string })?.code;
  return code !== undefined && (isMysql(dataSource) ? RETRYABLE_MYSQL : RETRYABLE_SQLITE).has(code);
}

// TypeORM drives SQLite through one connection, where a second transaction started while one is
// open would nest inside it as a savepoint and share its fate. SQLite has one writer anyway, so
// transactions on it take turns.
const sqliteTurns = new WeakMap<DataSource, Promise<unknown>>();

function oneAtATime<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (isMysql(dataSource)) return work();
  const previous = sqliteTurns.get(dataSource) ?? Promise.resolve();
  const turn = previous.then(work, work);
  sqliteTurns.set(
    dataSource,
    turn.catch(() => undefined)
  );
  return turn;
}

/** Runs `work` in one transaction, running it again on deadlocks and unique-key races. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await oneAtATime(dataSource, () => dataSource.transaction(work));
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(dataSource, error)) throw error;
      // Random waits of up to 20, 40 … 320 ms: the transaction that won (maybe a whole batch) needs time to finish.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
