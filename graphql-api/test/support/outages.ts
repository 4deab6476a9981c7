import mysql from 'mysql2/promise';
import { MYSQL_SERVER_URL } from './api';

/**
 * Kills every server connection to `database` (the API's pool), as a DBA or a failover would.
 * Only this test's own database is touched: other suites share the server.
 */
export async function killConnections(database: string): Promise<number> {
  const admin = await mysql.createConnection(MYSQL_SERVER_URL);
  try {
    const [rows] = (await admin.query(
      'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
      [database]
    )) as unknown as [{ id: number }[]];
    for (const { id } of rows) {
      // A connection may have gone by itself since the SELECT.
      await admin.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined);
    }
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** The stored ids of one column, read straight from MariaDB (not through the API). */
export async function storedKeys(database: string, table: string, column: string): Promise<string[]> {
  const connection = await mysql.createConnection(`${MYSQL_SERVER_URL.replace(/\/$/, '')}/${database}`);
  try {
    const [rows] = (await connection.query(`SELECT \`${column}\` AS k FROM \`${table}\``)) as unknown as [
      { k: string }[],
    ];
    return rows.map((row) => row.k);
  } finally {
    await connection.end();
  }
}
