import { DataSource } from 'typeorm';

/**
 * Rows InnoDB has read since the server started, server-wide. Around one request on a server with
 * no other client, the difference is what the request read: a view's cost apart from the machine's
 * speed of the day, and what grows with the data.
 */
export async function innodbRowsRead(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query("SHOW GLOBAL STATUS LIKE 'Innodb_rows_read'")) as { Value: string }[];
  return Number(row.Value);
}
