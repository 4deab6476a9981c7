import { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';

/**
 * The SQL that differs between MySQL/MariaDB and SQLite, in one place. Everything else the API
 * runs is the common subset.
 */
export interface Dialect {
  quote(name: string): string;
  /** A time as a raw-SQL parameter, in the form DATETIME columns hold (UTC). */
  timestamp(date: Date): unknown;
  /** Locks the rows a SELECT reads until commit, where the database can (MySQL); SQLite has one writer. */
  forUpdate: string;
  /** What follows `INSERT … VALUES …` to update a row whose key exists, and how to name the new value. */
  onConflict(keyColumns: string[]): string;
  newValue(column: string): string;
  /** The scalar functions for the smaller and the larger of two values. */
  least: string;
  greatest: string;
  /**
   * `SUM(expression) AS column` (the expression the column by default), read back exactly:
   * better-sqlite3 hands integers over as JS numbers, inexact past 2^53, so SQLite's leaves as text.
   */
  exactSum(column: string, expression?: string): string;
  /**
   * The table, read through its primary key alone. Where a statement gives a list of the key's
   * leading values (`IN`) and several ranges after them, MariaDB otherwise weighs merging its other
   * indexes for every pair, which took it longer than the read itself.
   */
  byPrimaryKey(table: string): string;
}

/** At most this many rows per multi-row statement, which keeps each under the databases' parameter limits. */
export const ROWS_PER_STATEMENT = 500;
/** SQLite's limit on a statement's parameters is 32,766; mysql2 sends them in the SQL text, with no limit of its own. */
const PARAMETERS_PER_STATEMENT = 32_000;

/** As many rows of this many parameters as one statement takes: a batch's new records of a table in one. */
export function rowsPerStatement(parametersPerRow: number): number {
  return Math.floor(PARAMETERS_PER_STATEMENT / parametersPerRow);
}

/** The rows in slices of at most `size`, one a statement. */
export function chunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += size) result.push(rows.slice(start, start + size));
  return result;
}

/** `?, ?, …`: one placeholder per value, for `IN (…)` and row lists. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

const mysql: Dialect = {
  quote: (name) => `\`${name}\``,
  // mysql2 writes Dates in the connection's time zone, which is UTC ('Z').
  timestamp: (date) => date,
  forUpdate: ' FOR UPDATE',
  onConflict: () => 'ON DUPLICATE KEY UPDATE',
  // VALUES(col) runs on MariaDB and MySQL 8 (where it is deprecated but kept); MySQL's `AS new` alias is not in MariaDB.
  newValue: (column) => `VALUES(${mysql.quote(column)})`,
  least: 'LEAST',
  greatest: 'GREATEST',
  // mysql2 reads big numbers as strings (bigNumberStrings).
  exactSum: (column, expression = column) => `SUM(${expression}) AS ${column}`,
  byPrimaryKey: (table) => `${table} FORCE INDEX (PRIMARY)`,
};

const sqlite: Dialect = {
  quote: (name) => `"${name}"`,
  // TypeORM stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' text, which compares in time order.
  timestamp: (date) => DateUtils.mixedDateToUtcDatetimeString(date),
  forUpdate: '',
  onConflict: (keyColumns) => `ON CONFLICT (${keyColumns.map(sqlite.quote).join(', ')}) DO UPDATE SET`,
  newValue: (column) => `excluded.${sqlite.quote(column)}`,
  least: 'MIN',
  greatest: 'MAX',
  exactSum: (column, expression = column) => `CAST(SUM(${expression}) AS TEXT) AS ${column}`,
  // SQLite's planner weighs no index merges.
  byPrimaryKey: (table) => table,
};

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}

export function dialectOf(dataSource: DataSource): Dialect {
  return isMysql(dataSource) ? mysql : sqlite;
}

/** What the connected server can do beyond the common subset, which only its version tells. */
export interface ServerAbilities {
  /** `INSERT … RETURNING`: MariaDB 10.5 and later and SQLite 3.35 and later (better-sqlite3 bundles one); not MySQL. */
  insertReturning: boolean;
}

const abilities = new WeakMap<DataSource, ServerAbilities>();

/** Takes these abilities as the server's instead of asking it: how MySQL's ways are tested on MariaDB. */
export function assumeAbilities(dataSource: DataSource, assumed: ServerAbilities): void {
  abilities.set(dataSource, assumed);
}

/** The server's abilities, asked of it once per data source. */
export async function abilitiesOf(dataSource: DataSource): Promise<ServerAbilities> {
  let known = abilities.get(dataSource);
  if (known) return known;
  if (isMysql(dataSource)) {
    const [{ version }] = (await dataSource.query('SELECT VERSION() AS version')) as { version: string }[];
    const [major, minor] = version.split('.').map(Number);
    known = { insertReturning: /mariadb/i.test(version) && (major > 10 || (major === 10 && minor >= 5)) };
  } else {
    known = { insertReturning: true };
  }
  abilities.set(dataSource, known);
  return known;
}

export interface Upsert {
  table: string;
  keyColumns: string[];
  valueColumns: string[];
  rowCount: number;
  /** Whether a row whose key exists adds its values to the stored ones or replaces them. */
  mode: 'add' | 'replace';
  /** The unique key rows meet on; default: the key columns. */
  conflictColumns?: string[];
  /** Columns (after the value columns) that keep the least or greatest value written. */
  bounds?: { least?: string[]; greatest?: string[] };
}

/** A multi-row `INSERT` that, where a row's key exists, adds to or replaces the stored values. */
export function upsertSql(
  dialect: Dialect,
  { table, keyColumns, valueColumns, rowCount, mode, conflictColumns = keyColumns, bounds = {} }: Upsert
): string {
  const boundColumns = [...(bounds.least ?? []), ...(bounds.greatest ?? [])];
  const columns = [...keyColumns, ...valueColumns, ...boundColumns].map(dialect.quote);
  const row = `(${placeholders(columns)})`;
  const assign = valueColumns.map(
    (c) => `${dialect.quote(c)} = ${mode === 'add' ? `${dialect.quote(c)} + ` : ''}${dialect.newValue(c)}`
  );
  // A bound keeps the smaller (or larger) of the stored and the new value; NULL is no bound yet.
  const bound = (fn: string) => (c: string) => {
    const [stored, added] = [dialect.quote(c), dialect.newValue(c)];
    return `${stored} = ${fn}(COALESCE(${stored}, ${added}), COALESCE(${added}, ${stored}))`;
  };
  assign.push(
    ...(bounds.least ?? []).map(bound(dialect.least)),
    ...(bounds.greatest ?? []).map(bound(dialect.greatest))
  );
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rowCount).fill(row).join(', ')} ${dialect.onConflict(conflictColumns)} ${assign.join(', ')}`;
}

/** A DATETIME read by raw SQL: mysql2 gives a Date, SQLite the stored UTC text. */
export function readTimestamp(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
