import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/app/data-source';
import { rebuildRollups } from '../src/rollups/rebuild';
import { createTestDatabase, TestDatabase } from './support/api';
import { BatchEvent, INGEST, IngestAnswer, make } from './support/events';
import { mixedBatch } from './support/mixed';
import { Build, buildApi, RunningProcess, startApiProcess } from './support/process';
import { COARSE_BIN_COLUMNS } from '../src/rollups/histogram';

const TOKEN = 'two-writers-admin-token-0123456789';

/**
 * Two API processes (`node dist/main.js`, each with its own writer and connection pool) ingest into
 * one MariaDB database at once: the same users, agents and tools, and the same rollup rows, from
 * both. What they leave must be what one writer would: every record once, and rollups equal to
 * those a rebuild computes from the records.
 */
describe('two API processes writing to one database', () => {
  let build: Build;
  let database: TestDatabase;
  let reader: DataSource;
  const running: RunningProcess[] = [];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-writers-'));

  beforeAll(async () => {
    [build, database] = await Promise.all([buildApi(), createTestDatabase('mysql', 'writers')]);
    reader = createDataSource(database.config);
    await reader.initialize();
  }, 240_000);
  afterAll(async () => {
    for (const child of running) await child.stop();
    await reader?.destroy();
    build?.remove();
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    const env = {
      DATABASE_URL: (database.config as { url: string }).url,
      LOG_LEVEL: 'warn',
      AGENTMON_ADMIN_TOKEN: TOKEN,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
    };
    // Ready once connected and migrated.
    const { base, api } = await startApiProcess(build, env, workDir);
    running.push(api);
    return base;
  }

  async function send(base: string, events: BatchEvent[]): Promise<IngestAnswer> {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: INGEST, variables: { events } }),
    });
    const body = (await response.json()) as { data?: { ingest: IngestAnswer }; errors?: unknown };
    if (!body.data) throw new Error(`${base}: ${JSON.stringify(body.errors)}`);
    return body.data.ingest;
  }

  /**
   * Every rollup, histogram bin, day or month histogram and per-user total row that counts anything, in one order, for comparing whole
   * tables (a record that moves to another status leaves its old row at zero; a rebuild writes none).
   */
  async function rollupRows(): Promise<unknown[]> {
    const rows: Record<string, unknown>[] = [
      ...(
        await reader.query(
          'SELECT * FROM rollups WHERE n <> 0 OR dur_n <> 0 OR dur_sum <> 0 OR in_tok <> 0 OR out_tok <> 0 OR cost_nanos <> 0'
        )
      ).map((row: object) => ({
        table: 'rollups',
        ...row,
      })),
      ...(await reader.query('SELECT * FROM rollup_bins WHERE n <> 0')).map((row: object) => ({
        table: 'rollup_bins',
        ...row,
      })),
      ...(
        await reader.query(
          `SELECT * FROM rollup_coarse_bins WHERE ${COARSE_BIN_COLUMNS.map((column) => `${column} <> 0`).join(' OR ')}`
        )
      ).map((row: object) => ({
        table: 'rollup_coarse_bins',
        ...row,
      })),
      ...(await reader.query('SELECT * FROM user_rollups WHERE n <> 0')).map((row: object) => ({
        table: 'user_rollups',
        ...row,
      })),
    ];
    return rows.map((row) => JSON.stringify(row)).sort();
  }

  it('stores every record once and leaves rollups equal to a rebuild from the records', async () => {
    // Both start at once on the empty database, as replicas of a new deployment do: one migrates,
    // the other waits for it (two at once used to fail on a table the other had just made).
    const [first, second] = await Promise.all([start(), start()]);
    const recent = new Date(Date.now() - 30 * 60_000).toISOString();
    const finished = new Date(Date.parse(recent) + 4_000).toISOString();
    // Mixed batches (new users, workflows, runs, tasks, plans, approvals), half to each process.
    const batches = Array.from({ length: 12 }, (_, i) => mixedBatch(150, 70_000 + i, recent));
    // The same new users first seen by both processes at once, on the same agents.
    const sharedBatch = (b: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        agentExecution: make.agentExecution({
          userId: `shared-user-${i}`,
          agent: `shared-agent-${(b + i) % 3}`,
          startedAt: recent,
          finishedAt: finished,
        }),
      }));
    const shared = [0, 1].map(() => Array.from({ length: 8 }, (_, b) => sharedBatch(b)));
    // Executions started through one process and finished through the other: each moves between rollup rows.
    const moved = Array.from({ length: 20 }, (_, i) =>
      make.agentExecution({
        requestId: `moved-${i}`,
        agent: 'shared-agent-0',
        startedAt: recent,
        status: 'RUNNING',
        finishedAt: undefined,
      })
    );
    const lifecycle = async () => {
      for (const execution of moved) {
        await send(first, [{ agentExecution: execution }]);
        await send(second, [{ agentExecution: { ...execution, status: 'SUCCESS', finishedAt: finished } }]);
      }
      return [];
    };
    const through = (base: string, lists: BatchEvent[][]) => Promise.all(lists.map((events) => send(base, events)));
    const answers = (
      await Promise.all([
        through(
          first,
          batches.filter((_, i) => i % 2 === 0).map((batch) => batch.events)
        ),
        through(
          second,
          batches.filter((_, i) => i % 2 === 1).map((batch) => batch.events)
        ),
        through(first, shared[0]),
        through(second, shared[1]),
        lifecycle(),
      ])
    ).flat();
    expect(answers.filter((answer) => answer.rejected > 0)).toEqual([]);

    const count = async (table: string) => Number((await reader.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    const expected = (table: string) => batches.reduce((sum, batch) => sum + (batch.expectedRows[table] ?? 0), 0);
    for (const table of [
      'tool_executions',
      'workflows',
      'workflow_runs',
      'task_runs',
      'login_sessions',
      'plans',
      'approvals',
    ]) {
      expect({ table, rows: await count(table) }).toEqual({ table, rows: expected(table) });
    }
    expect(await count('agent_executions')).toBe(expected('agent_executions') + 2 * 8 * 10 + moved.length);
    expect(
      await reader.query(`SELECT external_id FROM users WHERE external_id LIKE 'shared-user-%' ORDER BY external_id`)
    ).toEqual(Array.from({ length: 10 }, (_, i) => ({ external_id: `shared-user-${i}` })));
    expect(await reader.query(`SELECT name FROM agents WHERE name LIKE 'shared-agent-%' ORDER BY name`)).toEqual(
      ['shared-agent-0', 'shared-agent-1', 'shared-agent-2'].map((name) => ({ name }))
    );
    expect(
      Number(
        (
          await reader.query(
            `SELECT COUNT(*) AS n FROM agent_executions WHERE request_id LIKE 'moved-%' AND status = 'success'`
          )
        )[0].n
      )
    ).toBe(moved.length);

    const written = await rollupRows();
    expect(written.length).toBeGreaterThan(1000);
    await rebuildRollups(reader, 7);
    expect(await rollupRows()).toEqual(written);
  });
});
