import { runSimulation, SimulationOptions } from '../../simulator/src/run';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';

const FIGURES = `{
  agentStats(range: { from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }) { summary { count success failure inputTokens outputTokens costUsd } byModel { key summary { count costUsd } } agents { key summary { count } } }
  toolStats(range: { from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }) { summary { count success failure } tools { key summary { count } } } }`;

/** The same seeded history, sent through GraphQL or with executions as OTLP spans. */
async function simulate(api: TestApi, otlp: boolean) {
  const options: SimulationOptions = {
    url: `${api.url}/graphql`,
    token: ADMIN_TOKEN,
    backfillMs: 6 * 3_600_000,
    until: new Date('2026-06-01T12:00:00Z'),
    rate: 2,
    durationSeconds: 0,
    users: 6,
    agents: 4,
    tools: 5,
    workflows: 2,
    seed: 4242,
    batchSize: 500,
    single: false,
    otlp,
  };
  const result = await runSimulation(options, { log: () => undefined });
  const figures = await api.data(FIGURES);
  const sort = (rows: { key: string }[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
  figures.agentStats.byModel = sort(figures.agentStats.byModel);
  figures.agentStats.agents = sort(figures.agentStats.agents);
  figures.toolStats.tools = sort(figures.toolStats.tools);
  return { result, figures };
}

describe('the simulator with --otlp', () => {
  let graphql: TestApi;
  let otlp: TestApi;
  beforeAll(async () => {
    [graphql, otlp] = await Promise.all([startApi('sqlite', {}, 'sim_graphql'), startApi('sqlite', {}, 'sim_otlp')]);
  });
  afterAll(async () => {
    await graphql.close();
    await otlp.close();
  });

  it('sends executions as spans that give the same agents, models, tokens, cost and tools as the GraphQL events', async () => {
    const byGraphql = await simulate(graphql, false);
    const bySpans = await simulate(otlp, true);
    expect(bySpans.result.tally.rejectedTotal).toBe(0);
    expect(bySpans.figures.agentStats.summary.count).toBeGreaterThan(20);
    expect(bySpans.figures.toolStats.summary.count).toBeGreaterThan(5);
    expect(bySpans.figures).toEqual(byGraphql.figures);
    const [{ n }] = await otlp.services.dataSource.query(
      'SELECT COUNT(*) AS n FROM agent_executions WHERE trace_id IS NOT NULL'
    );
    expect(Number(n)).toBe(bySpans.figures.agentStats.summary.count);
  });
});
