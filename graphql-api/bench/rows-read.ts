import { DataSource } from 'typeorm';

/**
 * Rows the server's storage engines have handed out since it started (the sum of its
 * Handler_read_* counters: index lookups and steps, table scans, internal temporary tables of
 * GROUP BY included), server-wide. Around one request on a server with no other client, the
 * difference is what the request read: a view's cost apart from the machine's speed of the day,
 * and what grows with the data.
 */
async function rowsRead(dataSource: DataSource): Promise<number> {
  const counters = (await dataSource.query("SHOW GLOBAL STATUS LIKE 'Handler_read%'")) as { Value: string }[];
  return counters.reduce((sum, counter) => sum + Number(counter.Value), 0);
}

/** What `call` returns, and the rows read while it ran. */
export async function readingRows<T>(
  dataSource: DataSource,
  call: () => Promise<T>
): Promise<{ result: T; read: number }> {
  const before = await rowsRead(dataSource);
  const result = await call();
  return { result, read: (await rowsRead(dataSource)) - before };
}
