import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSource, MIGRATIONS } from '../src/app/data-source';
import { bucketStart } from '../src/rollups/buckets';
import { COARSE_BIN_COLUMNS, coarseBinAt, coarseBinOf } from '../src/rollups/histogram';
import { createTestDatabase, DIALECTS, startApi, TestDatabase } from './support/api';
import { ingest } from './support/events';
import { mixedBatch } from './support/mixed';

/** The migrations users run: up, down and up again, on an empty database and on one with data. */

async function tables(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    ds.options.type === 'mysql'
      ? await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`)
      : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).sort();
}

/** Every table's columns (with their types) and indexes (with their columns), one line each, sorted. */
async function schema(ds: DataSource): Promise<string[]> {
  const rows: { line: string }[] =
    ds.options.type === 'mysql'
      ? await ds.query(
          `SELECT CONCAT(table_name, ' column ', column_name, ' ', column_type, ' ', generation_expression) AS line
             FROM information_schema.columns WHERE table_schema = DATABASE()
           UNION ALL
           SELECT CONCAT(table_name, ' index ', index_name, ' (', GROUP_CONCAT(column_name ORDER BY seq_in_index), ')')
             FROM information_schema.statistics WHERE table_schema = DATABASE() GROUP BY table_name, index_name`
        )
      : await ds.query(
          `SELECT m.name || ' column ' || c.name || ' ' || c.type || ' ' || c.hidden AS line
             FROM sqlite_master m JOIN pragma_table_xinfo(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
           UNION ALL
           SELECT m.tbl_name || ' index ' || m.name || ' (' || group_concat(i.name) || ')'
             FROM sqlite_master m JOIN pragma_index_info(m.name) i WHERE m.type = 'index' GROUP BY m.name`
        );
  return rows.map((r) => r.line).sort();
}

async function appliedMigrations(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await ds.query(`SELECT name FROM schema_migrations ORDER BY id`);
  return rows.map((r) => r.name);
}

async function undoAll(ds: DataSource): Promise<void> {
  for (let guard = 0; (await appliedMigrations(ds)).length > 0; guard++) {
    if (guard > MIGRATIONS.length) throw new Error('undoLastMigration does not make progress');
    await ds.undoLastMigration({ transaction: 'each' });
  }
}

const MIGRATION_NAMES = MIGRATIONS.map((M) => new M().name ?? M.name);

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  let ds: DataSource;
  let entityTables: string[];
  let migrated: string[];

  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'migrations');
    ds = createDataSource(database.config);
    await ds.initialize();
    entityTables = ds.entityMetadatas.map((m) => m.tableName).sort();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await database?.drop();
  });

  it('run up on an empty database: every migration applied once, every entity has its table', async () => {
    expect(await tables(ds)).toEqual([]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    expect(await appliedMigrations(ds)).toEqual(MIGRATION_NAMES);
    migrated = await tables(ds);
    expect(migrated).toEqual(expect.arrayContaining([...entityTables, 'schema_migrations']));
    expect(await ds.showMigrations()).toBe(false);
    // Running again applies nothing.
    expect(await ds.runMigrations({ transaction: 'each' })).toEqual([]);
  });

  it('the migrated tables have the columns the entities read and write', async () => {
    for (const metadata of ds.entityMetadatas) {
      const columns = metadata.columns.map((c) => c.databaseName);
      // Selecting every mapped column by name fails on the first one the migrations did not create.
      await expect(
        ds.query(
          `SELECT ${columns.map((c) => ds.driver.escape(c)).join(', ')} FROM ${ds.driver.escape(metadata.tableName)} WHERE 1 = 0`
        )
      ).resolves.toEqual([]);
    }
  });

  it('undo the latest migration: the tables, their columns and indexes are those the migrations before it make; then undo all: only the bookkeeping table is left', async () => {
    const earlier = await createTestDatabase(dialect, 'migrations_prev');
    const previous = new DataSource({
      ...createDataSource(earlier.config).options,
      migrations: MIGRATIONS.slice(0, -1),
    } as DataSourceOptions);
    try {
      await previous.initialize();
      await previous.runMigrations({ transaction: 'each' });
      await ds.undoLastMigration({ transaction: 'each' });
      expect(await appliedMigrations(ds)).toEqual(MIGRATION_NAMES.slice(0, -1));
      expect(await schema(ds)).toEqual(await schema(previous));
    } finally {
      if (previous.isInitialized) await previous.destroy();
      await earlier.drop();
    }
    expect(await tables(ds)).toEqual(expect.arrayContaining(['users', 'agent_executions']));

    await undoAll(ds);
    expect(await tables(ds)).toEqual(['schema_migrations']);
    expect(await appliedMigrations(ds)).toEqual([]);
  });

  it('run up again: the same tables as the first time', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    expect(await tables(ds)).toEqual(migrated);
  });

  it('stored rollups survive the move to bin rows, to all time from months, to coarse day bins and to a row per day histogram, down and up again: same bins, same counts and percentiles', async () => {
    const statsQuery = `{
      periodCounts(metric: AGENT_EXECUTIONS) { allTime }
      agentStats { summary { count p50DurationMs p95DurationMs p99DurationMs } agents { key summary { p50DurationMs p95DurationMs p99DurationMs } } } }`;
    // Bin rows of every resolution: those of days and months are read from their histogram rows.
    const fineBinRows = (): Promise<BinRow[]> =>
      ds.query(`SELECT metric, dim, res, bucket, dim_key, bin, n FROM rollup_bins WHERE n <> 0`);
    const bins = async () => {
      const histograms: Record<string, string | number>[] = await ds.query(`SELECT * FROM rollup_coarse_bins`);
      const coarse = histograms.flatMap(({ metric, dim, res, bucket, dim_key, ...counts }) =>
        COARSE_BIN_COLUMNS.map((column, position) => ({
          metric,
          dim,
          res,
          bucket,
          dim_key,
          bin: coarseBinAt(position),
          n: counts[column],
        })).filter((row) => Number(row.n) !== 0)
      );
      const order = (row: BinRow) =>
        JSON.stringify([row.metric, row.dim, row.res, Number(row.bucket), row.dim_key, Number(row.bin)]);
      return [...(await fineBinRows()), ...(coarse as BinRow[])].sort((a, b) => (order(a) < order(b) ? -1 : 1));
    };
    const api = await startApi(dialect, {}, 'migrations', { database });
    let before: any;
    try {
      expect((await ingest(api, mixedBatch(400, 11).events)).rejected).toBe(0);
      before = await api.data(statsQuery);
    } finally {
      await api.close();
    }
    expect(before!.periodCounts.allTime).toBeGreaterThan(20);
    const stored: BinRow[] = await bins();
    expect(stored.length).toBeGreaterThan(50);
    const rowId = (row: unknown[]) => row.map((v, i) => (i === 3 || i >= 5 ? Number(v) : v)).join('/');

    // Per-user totals: filled from the stored per-user rollup rows, the same as ingestion wrote them.
    const userTotals = () =>
      ds.query(
        `SELECT user_id, res, bucket, metric, n, tokens, cost_nanos FROM user_rollups WHERE n <> 0 ORDER BY user_id, res, bucket, metric`
      );
    const written: { metric: string; cost_nanos: unknown }[] = await userTotals();
    expect(new Set(written.map((row) => row.metric))).toEqual(
      new Set(['logins', 'workflow_runs', 'agent_executions', 'plans'])
    );
    expect(written.some((row) => Number(row.cost_nanos) > 0)).toBe(true);
    // Plans per user came later: undone, they are gone; migrated again, the same as ingestion's.
    await undoThrough(ds, 'UserRollupsPlans1765900000000');
    const withoutPlans = written.filter((row) => row.metric !== 'plans');
    expect(await userTotals()).toEqual(withoutPlans);
    await ds.runMigrations({ transaction: 'each' });
    expect(await userTotals()).toEqual(written);
    await undoThrough(ds, 'UserRollups1765300000000');
    await expect(ds.query(`SELECT n FROM user_rollups`)).rejects.toThrow();
    await ds.runMigrations({ transaction: 'each' });
    expect(await userTotals()).toEqual(written);

    // Day and month bins as the code before coarse bins wrote them: the fine bins of their hours.
    const fineDays = new Map<string, BinRow>();
    for (const row of stored) {
      if (row.res !== 'hour') continue;
      for (const res of ['day', 'month'] as const) {
        const bucket = bucketStart(res, Number(row.bucket));
        const id = [row.metric, row.dim, res, bucket, row.dim_key, Number(row.bin)].join('/');
        const sum = fineDays.get(id) ?? { ...row, res, bucket, bin: Number(row.bin), n: 0 };
        sum.n += Number(row.n);
        fineDays.set(id, sum);
      }
    }
    const putFineDayBins = async () => {
      await ds.query(`DELETE FROM rollup_bins WHERE res IN ('day', 'month')`);
      for (const row of fineDays.values()) {
        await ds.query(
          `INSERT INTO rollup_bins (metric, dim, res, bucket, dim_key, bin, n) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [row.metric, row.dim, row.res, row.bucket, row.dim_key, row.bin, row.n]
        );
      }
    };
    const fine = [
      ...stored.filter((row) => row.res !== 'day' && row.res !== 'month').map((row) => rowId(Object.values(row))),
      ...[...fineDays.values()].map((row) => rowId(Object.values(row))),
    ].sort();
    // Ingestion kept the same counts in coarse bins, two fine bins each.
    const coarsened = new Map<string, number>();
    for (const row of fineDays.values()) {
      const id = rowId([row.metric, row.dim, row.res, row.bucket, row.dim_key, coarseBinOf(row.bin)]);
      coarsened.set(id, (coarsened.get(id) ?? 0) + row.n);
    }
    const storedDays = stored.filter((row) => row.res === 'day' || row.res === 'month');
    expect(storedDays.every((row) => Number(row.bin) <= 1 || Number(row.bin) >= 200)).toBe(true);
    expect(new Map(storedDays.map((row) => [rowId(Object.values(row).slice(0, 6)), Number(row.n)]))).toEqual(coarsened);
    expect(coarsened.size).toBeLessThan(fineDays.size);
    // Day and month bins are kept as one row per histogram; undone, as one row per bin again.
    expect((await fineBinRows()).filter((row) => row.res === 'day' || row.res === 'month')).toEqual([]);
    await undoThrough(ds, 'CoarseBinRows1765700000000');
    const binRowsOfDays = (await fineBinRows()).filter((row) => row.res === 'day' || row.res === 'month');
    expect(binRowsOfDays.map((row) => rowId(Object.values(row))).sort()).toEqual(
      storedDays.map((row) => rowId(Object.values(row))).sort()
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await bins()).toEqual(stored);
    // Fine day bins, as an older version wrote them, become the same coarse bins.
    await undoThrough(ds, 'CoarseDayBins1765600000000');
    await putFineDayBins();
    await ds.runMigrations({ transaction: 'each' });
    expect(await bins()).toEqual(stored);
    await undoThrough(ds, 'CoarseDayBins1765600000000');
    await putFineDayBins();

    // Without duration bounds (undoing the migrations that came after first).
    await undoThrough(ds, 'RollupDurationBounds1765000000000');
    await expect(ds.query(`SELECT dur_min FROM rollups`)).rejects.toThrow();

    // Back to all-time rows, summed from the months.
    await undoThrough(ds, 'AllTimeFromMonths1764144000003');
    const [total] = await ds.query(
      `SELECT n FROM rollups WHERE metric = 'agent_executions' AND dim = 'all' AND res = 'total' AND status = 'success'`
    );
    const [months] = await ds.query(
      `SELECT SUM(n) AS n FROM rollups WHERE metric = 'agent_executions' AND dim = 'all' AND res = 'month' AND status = 'success'`
    );
    expect(Number(total.n)).toBe(Number(months.n));
    expect(Number(total.n)).toBeGreaterThan(0);

    // Back to one JSON row per histogram.
    await ds.undoLastMigration({ transaction: 'each' });
    const histograms: { metric: string; dim: string; res: string; bucket: number; dim_key: string; bins: string }[] =
      await ds.query(`SELECT * FROM rollup_histograms WHERE res <> 'total'`);
    const fromJson = histograms
      .flatMap((row) =>
        Object.entries(JSON.parse(row.bins) as Record<string, number>).map(([bin, n]) =>
          rowId([row.metric, row.dim, row.res, row.bucket, row.dim_key, bin, n])
        )
      )
      .sort();
    expect(fromJson).toEqual(fine);

    await ds.runMigrations({ transaction: 'each' });
    expect(await bins()).toEqual(stored);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM rollups WHERE res = 'total'`))[0].n)).toBe(0);
    // Rows of one duration get it as both bounds; others bounds that hold any duration.
    const bounds: { dur_n: number; dur_sum: number; dur_min: number | null; dur_max: number | null }[] = await ds.query(
      `SELECT dur_n, dur_sum, dur_min, dur_max FROM rollups`
    );
    for (const row of bounds.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Number(v)]))
    )) {
      const expected =
        row.dur_n === 0 ? [null, null] : row.dur_n === 1 ? [row.dur_sum, row.dur_sum] : [0, Number.MAX_SAFE_INTEGER];
      expect([row.dur_min, row.dur_max]).toEqual(expected);
    }
    expect(bounds.some((row) => Number(row.dur_n) === 1) && bounds.some((row) => Number(row.dur_n) > 1)).toBe(true);
    const again = await startApi(dialect, {}, 'migrations', { database });
    try {
      // The same counts; percentiles the bins' (within 5 %), no longer kept within exact bounds.
      const after = await again.data(statsQuery);
      expect(after.periodCounts).toEqual(before!.periodCounts);
      const percentiles = (result: any) =>
        [result.agentStats.summary, ...result.agentStats.agents.map((row: any) => row.summary)].flatMap((summary) => [
          summary.p50DurationMs,
          summary.p95DurationMs,
          summary.p99DurationMs,
        ]);
      const [was, now] = [percentiles(before), percentiles(after)];
      expect(now.length).toBe(was.length);
      now.forEach((value, i) => expect(Math.abs(value - was[i])).toBeLessThanOrEqual(0.1 * was[i] + 1e-9));
    } finally {
      await again.close();
    }
  });

  it('undo all with data in every table, then up again, and the API works on it', async () => {
    const api = await startApi(dialect, {}, 'migrations', { database });
    try {
      const answer = await ingest(api, mixedBatch(300, 7).events);
      expect(answer.rejected).toBe(0);
    } finally {
      await api.close();
    }
    await undoAll(ds);
    expect(await tables(ds)).toEqual(['schema_migrations']);
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables(ds)).toEqual(migrated);

    const again = await startApi(dialect, {}, 'migrations', { database });
    try {
      const batch = mixedBatch(50, 8);
      const answer = await ingest(again, batch.events);
      expect(answer).toMatchObject({ accepted: 50, rejected: 0 });
      const { workflowRuns } = await again.data(`{ workflowRuns { totalCount } }`);
      expect(workflowRuns.totalCount).toBe(batch.expectedRows.workflow_runs);
    } finally {
      await again.close();
    }
  });
});

/** A row of `rollup_bins` as read (numbers may come as strings). */
interface BinRow {
  metric: string;
  dim: string;
  res: string;
  bucket: number;
  dim_key: string;
  bin: number;
  n: number;
}

/** Undoes the latest migrations down to and including `name`. */
async function undoThrough(ds: DataSource, name: string): Promise<void> {
  for (;;) {
    const [latest]: { name: string }[] = await ds.query('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await ds.undoLastMigration({ transaction: 'each' });
    if (latest.name === name) return;
  }
}
