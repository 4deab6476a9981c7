import { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './data-source';

// InnoDB may pick a transaction as a deadlock victim, or two first sightings of one id may race on
// a unique key; both are safe to run again because every write is an idempotent upsert.
const RETRYABLE_MYSQL = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_DUP_ENTRY']);
const RETRYABLE_SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const ATTEMPTS = 4;

function isRetryable(dataSource: DataSource, error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return code !== undefined && (isMysql(dataSource) ? RETRYABLE_MYSQL : RETRYABLE_SQLITE).has(code);
}

/** Runs `work` in one transaction, running it again on deadlocks and unique-key races. */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(dataSource, error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
