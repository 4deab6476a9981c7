import { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';

/**
 * The SQL that differs between MySQL/MariaDB and SQLite, in one place. Everything else the API
 * runs is the common subset.
 */
export interface Dialect {
  /**
   * `INSERT … rows` that, for a row whose key exists, adds the new values to the stored ones
   * (`addColumns`) instead of failing.
   */
  insertAdding(table: string, keyColumns: string[], addColumns: string[], rowCount: number): string;
  /** Quotes an identifier. */
  quote(name: string): string;
  /** A time as a raw-SQL parameter, in the form DATETIME columns hold (UTC). */
  timestamp(date: Date): unknown;
}

const placeholders = (columns: number, rows: number) => Array(rows).fill(`(${Array(columns).fill('?').join(', ')})`).join(', ');

const mysql: Dialect = {
  quote: (name) => `\`${name}\``,
  // mysql2 writes Dates in the connection's time zone, which is UTC ('Z').
  timestamp: (date) => date,
  insertAdding(table, keyColumns, addColumns, rowCount) {
    const columns = [...keyColumns, ...addColumns];
    // VALUES(col) runs on MariaDB and MySQL 8 (where it is deprecated but kept); MySQL's `AS new` alias is not in MariaDB.
    return (
      `INSERT INTO ${table} (${columns.map(mysql.quote).join(', ')}) VALUES ${placeholders(columns.length, rowCount)} ` +
      `ON DUPLICATE KEY UPDATE ${addColumns.map((c) => `${mysql.quote(c)} = ${mysql.quote(c)} + VALUES(${mysql.quote(c)})`).join(', ')}`
    );
  },
};

const sqlite: Dialect = {
  quote: (name) => `"${name}"`,
  // TypeORM stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' text, which compares in time order.
  timestamp: (date) => DateUtils.mixedDateToUtcDatetimeString(date),
  insertAdding(table, keyColumns, addColumns, rowCount) {
    const columns = [...keyColumns, ...addColumns];
    return (
      `INSERT INTO ${table} (${columns.map(sqlite.quote).join(', ')}) VALUES ${placeholders(columns.length, rowCount)} ` +
      `ON CONFLICT (${keyColumns.map(sqlite.quote).join(', ')}) DO UPDATE SET ` +
      addColumns.map((c) => `${sqlite.quote(c)} = ${sqlite.quote(c)} + excluded.${sqlite.quote(c)}`).join(', ')
    );
  },
};

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'mysql' ? mysql : sqlite;
}

/** A DATETIME read by raw SQL: mysql2 gives a Date, SQLite the stored UTC text. */
export function readTimestamp(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
