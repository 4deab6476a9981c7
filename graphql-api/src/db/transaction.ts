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

/** How a writer that reads every row it changes under lock may relax MySQL's defaults (SQLite has one writer and ignores them). */
export interface WriterOptions {
  /**
   * READ COMMITTED: a locking read locks the rows it finds, not the gaps where the rows it did not
   * find would go, so a transaction that read missing keys does not stop the next one from
   * inserting keys beside them until it commits. Two that insert the same new key still meet on
   * the unique key: the second waits, fails with a duplicate key and is run again.
   */
  readCommitted?: boolean;
  /**
   * No foreign key checks on the transaction's own inserts and updates: a check takes a shared
   * lock on the row referred to until commit, so inserting a record of an agent waits for any
   * transaction that noted the agent's last-seen time. Only for work whose every reference is an
   * id it read under lock in the same transaction, inserted itself, or of a row never deleted.
   * The setting is the connection's, so it is set back before the connection returns to the pool.
   */
  referencesChecked?: boolean;
  /**
   * The work writes with one statement at most, then only reads: on MySQL it runs in autocommit,
   * where that statement commits by itself, which saves the round trips of START and COMMIT. Its
   * reads then see what is committed, its own write included. (SQLite's one connection still
   * takes a transaction, see oneAtATime.) Its statements may run on different connections, so not
   * with `referencesChecked`.
   */
  autocommit?: boolean;
}

/** Runs `work` in one transaction, running it again on deadlocks and unique-key races. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  { readCommitted = false, referencesChecked = false, autocommit = false }: WriterOptions = {}
): Promise<T> {
  const mysql = isMysql(dataSource);
  const run =
    mysql && referencesChecked
      ? async (manager: EntityManager) => {
          await manager.query('SET foreign_key_checks = 0');
          try {
            return await work(manager);
          } finally {
            await manager.query('SET foreign_key_checks = 1');
          }
        }
      : work;
  const transaction = () =>
    mysql && autocommit
      ? run(dataSource.manager)
      : mysql && readCommitted
        ? dataSource.transaction('READ COMMITTED', run)
        : dataSource.transaction(run);
  for (let attempt = 1; ; attempt++) {
    try {
      return await oneAtATime(dataSource, transaction);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(dataSource, error)) throw error;
      // Random waits of up to 20, 40 … 320 ms: the transaction that won (maybe a whole batch) needs time to finish.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
