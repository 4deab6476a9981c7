import { DIALECTS, startApi, TestApi } from './support/api';

describe.each(DIALECTS)('smoke on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'smoke');
  });
  afterAll(() => api.close());

  it('records an agent execution and reads it back', async () => {
    const data = await api.data(
      `mutation { recordAgentExecution(event:{requestId:"r1", agent:"a", status: RUNNING, startedAt:"2026-11-26T08:00:00.123Z"}) { id status startedAt inputTokens costUsd } }`
    );
    expect(data.recordAgentExecution).toMatchObject({
      status: 'RUNNING',
      startedAt: '2026-11-26T08:00:00.123Z',
      inputTokens: 0,
      costUsd: '0',
    });
  });
});
