import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { DatabaseConfig } from '../config/config';
import { isMysql } from '../db/dialect';
import { ENTITIES } from './entities';
import { InitialSchema1764144000000 } from '../db/migrations/1764144000000-initial-schema';
import { Rollups1764144000001 } from '../db/migrations/1764144000001-rollups';
import { RollupBins1764144000002 } from '../db/migrations/1764144000002-rollup-bins';
import { AllTimeFromMonths1764144000003 } from '../db/migrations/1764144000003-all-time-from-months';
import { RollupDurationBounds1765000000000 } from '../db/migrations/1765000000000-rollup-duration-bounds';
import { OtlpTraces1765100000000 } from '../db/migrations/1765100000000-otlp-traces';
import { Fleet1765200000000 } from '../db/migrations/1765200000000-fleet';
import { UserRollups1765300000000 } from '../db/migrations/1765300000000-user-rollups';
import { OtlpSpansReceivedAt1765310000000 } from '../db/migrations/1765310000000-otlp-spans-received-at';
import { RollupUnpriced1765310000001 } from '../db/migrations/1765310000001-rollup-unpriced';
import { RollupKeyIndex1765400000000 } from '../db/migrations/1765400000000-rollup-key-index';
import { UserRollupsCostIndex1765500000000 } from '../db/migrations/1765500000000-user-rollups-cost-index';
import { CoarseDayBins1765600000000 } from '../db/migrations/1765600000000-coarse-day-bins';
import { CoarseBinRows1765700000000 } from '../db/migrations/1765700000000-coarse-bin-rows';
import { UserRollupsCostOrder1765800000000 } from '../db/migrations/1765800000000-user-rollups-cost-order';
import { UserRollupsPlans1765900000000 } from '../db/migrations/1765900000000-user-rollups-plans';
import { RollupHourCountsByKey1766100000000 } from '../db/migrations/1766100000000-rollup-hour-counts-by-key';

export const MIGRATIONS = [
  InitialSchema1764144000000,
  Rollups1764144000001,
  RollupBins1764144000002,
  AllTimeFromMonths1764144000003,
  RollupDurationBounds1765000000000,
  OtlpTraces1765100000000,
  Fleet1765200000000,
  UserRollups1765300000000,
  OtlpSpansReceivedAt1765310000000,
  RollupUnpriced1765310000001,
  RollupKeyIndex1765400000000,
  UserRollupsCostIndex1765500000000,
  CoarseDayBins1765600000000,
  CoarseBinRows1765700000000,
  UserRollupsCostOrder1765800000000,
  UserRollupsPlans1765900000000,
  RollupHourCountsByKey1766100000000,
];

export function createDataSource(database: DatabaseConfig): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
  };
  if (database.kind === 'mysql') {
    return new DataSource({
      ...common,
      type: 'mysql',
      url: database.url,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: true,
      poolSize: 10,
      extra: { connectTimeout: 5000, enableKeepAlive: true },
    });
  }
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.file,
    enableWAL: true,
    // Every commit reaches the disk before it is acknowledged, so a power loss loses no
    // acknowledged event (NORMAL, SQLite's WAL default, survives only a crash of the process).
    prepareDatabase: (db: { pragma(source: string): unknown }) => void db.pragma('synchronous = FULL'),
    timeout: 5000,
  });
}

/**
 * Stops any statement of the API's pool after `ms` on the server (MariaDB's max_statement_time,
 * set on each connection when first handed out). Called after migrations, which may run longer.
 */
export function limitStatementTime(dataSource: DataSource, ms: number): void {
  if (!isMysql(dataSource)) return;
  const limited = new WeakSet<object>();
  (dataSource.driver as MysqlDriver).pool.on(
    'acquire',
    (connection: { query(sql: string, done: () => void): unknown }) => {
      if (limited.has(connection)) return;
      limited.add(connection);
      // Queued before the statement it was acquired for; MySQL (max_execution_time) ignores it.
      connection.query(`SET SESSION max_statement_time = ${ms / 1000}`, () => undefined);
    }
  );
}
