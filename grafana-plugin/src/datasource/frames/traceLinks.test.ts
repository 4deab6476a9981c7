import { instanceSettings, queryRequest } from '../../test/fixtures';
import { schemaTransport } from '../../test/schemaTransport';
import { fakeTemplateSrv } from '../../test/templateSrv';
import { AgentmonDataSource } from '../DataSource';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const execution = (traceId: string | null) => ({
  startedAt: '2026-12-06T01:00:00.000Z',
  requestId: `r-${traceId}`,
  agent: { name: 'planner' },
  status: 'FAILURE',
  user: null,
  requestModel: 'gpt-4o',
  provider: 'openai',
  durationMs: 10,
  totalTokens: 5,
  costUsd: '0.1',
  errorType: 'E',
  errorMessage: 'm',
  traceId,
});
const root = {
  agentExecutions: () => ({
    nodes: [execution(TRACE), execution(null)],
    pageInfo: { hasNextPage: false, endCursor: null },
  }),
  toolExecutions: () => ({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } }),
  workflowRuns: () => ({
    nodes: [
      {
        startedAt: '2026-12-06T01:00:00.000Z',
        runId: 'run-1',
        workflow: { key: 'research', name: 'Research' },
        status: 'SUCCESS',
        traceId: TRACE,
      },
    ],
    pageInfo: { hasNextPage: false, endCursor: null },
  }),
};

async function traceField(traceLink: string | undefined, list: string) {
  const { send } = schemaTransport(root);
  const ds = new AgentmonDataSource(
    instanceSettings({ apiUrl: 'http://agentmon:4000', traceLink }),
    fakeTemplateSrv(),
    send
  );
  const response = await ds.query(queryRequest([{ refId: 'A', queryType: 'list', list } as any]));
  expect(response.errors).toEqual([]);
  return response.data[0].fields.find((field: { name: string }) => field.name === 'traceId');
}

describe('trace links on execution, error and run rows', () => {
  it.each(['agentExecutions', 'errors', 'workflowRuns'])(
    '%s: a Tempo or Jaeger data source uid opens the trace in Explore',
    async (list) => {
      const field = await traceField('tempo-uid', list);
      expect(field.values).toContain(TRACE);
      expect(field.config.links).toEqual([
        expect.objectContaining({
          internal: expect.objectContaining({
            datasourceUid: 'tempo-uid',
            query: expect.objectContaining({ query: '${__value.raw}' }),
          }),
        }),
      ]);
    }
  );

  it("a URL template puts the row's trace id in the URL", async () => {
    const field = await traceField('https://jaeger.example/trace/${traceId}?ui=1', 'agentExecutions');
    expect(field.config.links).toEqual([
      { title: 'Open trace', url: 'https://jaeger.example/trace/${__value.raw}?ui=1', targetBlank: true },
    ]);
  });

  it('no setting: the trace id is shown without a link', async () => {
    const field = await traceField(undefined, 'agentExecutions');
    expect(field.values).toEqual([TRACE, null]);
    expect(field.config.links).toBeUndefined();
  });
});
