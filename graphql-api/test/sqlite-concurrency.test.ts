import { startApi, TestApi } from './support/api';

// SQLite has one connection: concurrent requests must not share (or undo) each other's transactions.
describe('concurrent ingestion on SQLite', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', {}, 'concurrency');
  });
  afterAll(() => api.close());

  it('keeps every accepted event when valid and rejected requests interleave', async () => {
    const requests = Array.from({ length: 60 }, (_, i) =>
      // Every third request rolls its transaction back (a task run of an unknown run).
      i % 3 === 0
        ? api.gql(`mutation($e: TaskRunEventInput!) { recordTaskRun(event: $e) { id } }`, {
            e: { taskRunId: `t-${i}`, runId: 'missing', nodeKey: 'a', status: 'RUNNING' },
          })
        : api.gql(`mutation($e: ToolExecutionEventInput!) { recordToolExecution(event: $e) { id } }`, {
            e: {
              requestId: `c-${i}`,
              tool: `tool-${i % 5}`,
              status: 'SUCCESS',
              startedAt: new Date(Date.now() - i * 1000).toISOString(),
              durationMs: i,
            },
          })
    );
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.data && !r.errors)).toHaveLength(40);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'NOT_FOUND')).toHaveLength(20);
    const stored = await api.data(
      `{ toolExecutions { totalCount } summary(metric: TOOL_EXECUTIONS, range: { from: "2000-01-01T00:00:00Z" }) { count } }`
    );
    expect(stored.toolExecutions.totalCount).toBe(40);
    expect(stored.summary.count).toBe(40);
  });
});
