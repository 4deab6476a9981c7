import mysql from 'mysql2/promise';
import { assumeAbilities } from '../src/db/dialect';
import { QueryCount } from '../bench/query-count';
import { startApi, TestApi } from './support/api';
import { BatchEvent, countRows, ingest, make, record, singleDocument } from './support/events';
import { mixedBatch } from './support/mixed';

/**
 * Concurrent requests are written a group at a time, several to a transaction. Whatever shares a
 * transaction, each request is answered on its own: all accepted events stored once, and a request
 * that makes the database fail fails alone.
 */
describe('concurrent ingestion on mysql', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi('mysql', {}, 'grouping');
  });
  afterAll(() => api?.close());

  it('stores 40 concurrent batches and 200 concurrent single events exactly once, with rollups equal to the rows', async () => {
    const batches = Array.from({ length: 40 }, (_, i) => mixedBatch(100, 9_000 + i));
    const singles = Array.from({ length: 200 }, (_, i) =>
      make.agentExecution({ requestId: `grouped-${i}`, status: i % 4 === 0 ? 'FAILURE' : 'SUCCESS' })
    );
    const answers = await Promise.all([
      ...batches.map((batch) => ingest(api, batch.events)),
      ...singles.map((event) => record(api, 'agentExecution', event)),
    ]);
    const batchAnswers = answers.slice(0, batches.length) as Awaited<ReturnType<typeof ingest>>[];
    expect(batchAnswers.map((answer) => answer.rejected)).toEqual(batches.map(() => 0));
    // Every single event got its own record's id.
    const singleIds = answers.slice(batches.length).map((answer) => Number((answer as { id: string }).id));
    expect(new Set(singleIds).size).toBe(singles.length);
    expect(singleIds.every((id) => Number.isInteger(id) && id > 0)).toBe(true);

    const counts = await countRows(api);
    const expected = (table: string) => batches.reduce((sum, batch) => sum + (batch.expectedRows[table] ?? 0), 0);
    expect(counts.agent_executions).toBe(expected('agent_executions') + singles.length);
    for (const table of ['tool_executions', 'workflow_runs', 'task_runs', 'login_sessions', 'plans', 'approvals']) {
      expect({ table, rows: counts[table] }).toEqual({ table, rows: expected(table) });
    }
    // The all-time rollup counts what the table holds.
    const { overview } = await api.data<{ overview: { agentExecutions: { allTime: number } } }>(
      '{ overview { agentExecutions { allTime } } }'
    );
    expect(overview.agentExecutions.allTime).toBe(counts.agent_executions);
  });

  it('answers a request the database refuses with an error and writes nothing of it, while the requests sharing its transaction are stored', async () => {
    // A trigger makes the database itself refuse one execution, as a fault the API cannot foresee.
    const connection = await mysql.createConnection((api.database.config as { url: string }).url);
    await connection.query(
      "CREATE TRIGGER refuse_poison BEFORE INSERT ON agent_executions FOR EACH ROW IF NEW.request_id = 'poison' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused'; END IF"
    );
    try {
      const good: BatchEvent[] = Array.from({ length: 30 }, (_, i) => ({
        agentExecution: make.agentExecution({ requestId: `beside-poison-${i}` }),
      }));
      const poison = make.agentExecution({ requestId: 'poison' });
      const answers = await Promise.all([
        ...good.slice(0, 15).map((event) => ingest(api, [event])),
        api.gql(singleDocument('agentExecution', 'id'), { event: poison }),
        ...good.slice(15).map((event) => ingest(api, [event])),
      ]);
      const refused = answers[15] as Awaited<ReturnType<TestApi['gql']>>;
      expect(refused.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const accepted = answers.filter((_, i) => i !== 15) as Awaited<ReturnType<typeof ingest>>[];
      expect(accepted.map((answer) => answer.accepted)).toEqual(good.map(() => 1));
      const [rows] = (await connection.query(
        "SELECT request_id FROM agent_executions WHERE request_id = 'poison' OR request_id LIKE 'beside-poison-%'"
      )) as unknown as [{ request_id: string }[]];
      expect(rows.map((row) => row.request_id).sort()).toEqual(
        good.map((event) => event.agentExecution!.requestId).sort()
      );
    } finally {
      await connection.query('DROP TRIGGER refuse_poison');
      await connection.end();
    }
  });

  // MariaDB's INSERT … RETURNING gives new rows' ids; MySQL has none, so they are read back by key.
  it.each([
    ['returned by the INSERT (MariaDB)', true, 31_337],
    ['read back (MySQL)', false, 31_338],
  ])(
    'writes a batch with a few statements per table: new users, agents, runs and the records naming them go in together, ids %s',
    async (_, insertReturning, seed) => {
      assumeAbilities(api.services.dataSource, { insertReturning });
      const queries = new QueryCount(api.services.dataSource);
      queries.take();
      // Every kind of event, with 25 users, 4 workflows, runs, tasks, plans and conversations not stored before.
      const batch = mixedBatch(500, seed, new Date(Date.now() - 60 * 60_000).toISOString());
      const answer = await ingest(api, batch.events);
      expect(answer.rejected).toBe(0);
      const statements = queries.take();
      expect(Boolean(statements['SELECT agent_executions'])).toBe(!insertReturning);
      // Per table: a locking read, an INSERT of its new rows, reading their ids back, an upsert of
      // the changed ones and, for users, agents, tools and workflows, what events note on them.
      const perTable = new Map<string, number>();
      for (const [statement, n] of Object.entries(statements)) {
        const table = statement.split(' ').pop()!;
        perTable.set(table, (perTable.get(table) ?? 0) + n);
      }
      const busiest = [...perTable].filter(([, n]) => n > 6);
      expect({ busiest, statements }).toEqual({ busiest: [], statements });
      // References to records and users created in the same transaction point at the right rows.
      const expected = {
        tasks: new Map<string, string>(),
        plans: new Map<string, string>(),
        executions: new Map<string, string>(),
      };
      for (const event of batch.events) {
        if (event.taskRun) expected.tasks.set(event.taskRun.taskRunId, event.taskRun.runId);
        if (event.plan?.conversationId) expected.plans.set(event.plan.planId, event.plan.conversationId);
        if (event.agentExecution?.userId)
          expected.executions.set(event.agentExecution.requestId, event.agentExecution.userId);
      }
      // What the stored rows of these keys reference (the suite's other tests stored more rows).
      const stored = async (sql: string, wanted: Map<string, string>) => {
        const rows = new Map(
          ((await api.services.dataSource.query(sql)) as { k: string; v: string }[]).map((row) => [row.k, row.v])
        );
        return new Map([...wanted.keys()].map((key) => [key, rows.get(key)]));
      };
      expect(
        await stored(
          'SELECT t.external_id AS k, r.run_id AS v FROM task_runs t JOIN workflow_runs r ON r.id = t.workflow_run_id',
          expected.tasks
        )
      ).toEqual(expected.tasks);
      expect(
        await stored(
          'SELECT p.external_id AS k, c.external_id AS v FROM plans p JOIN planner_conversations c ON c.id = p.conversation_id',
          expected.plans
        )
      ).toEqual(expected.plans);
      expect(
        await stored(
          'SELECT e.request_id AS k, u.external_id AS v FROM agent_executions e JOIN users u ON u.id = e.user_id',
          expected.executions
        )
      ).toEqual(expected.executions);
      expect([expected.tasks.size, expected.plans.size, expected.executions.size].every((n) => n > 10)).toBe(true);
      // Each event was answered with its own record's id.
      const answered = new Map<string, string>();
      for (const result of answer.results) {
        const run = batch.events[result.index].workflowRun;
        if (run) answered.set(run.runId, result.id!);
      }
      expect(answered.size).toBeGreaterThan(1);
      expect(await stored('SELECT run_id AS k, CAST(id AS CHAR) AS v FROM workflow_runs', answered)).toEqual(answered);
    }
  );
});
