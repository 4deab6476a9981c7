import { readYaml } from './files';
import { startApi, TestApi } from '../support/api';
import { ingest, make, uid } from '../support/events';
import { RunningPrometheus, startPrometheus } from '../support/prometheus';

/** A real Prometheus (Debian's package) scrapes the running API; PromQL reads back what was ingested. */
describe('Prometheus scraping the API', () => {
  let api: TestApi;
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    api = await startApi('sqlite', {}, 'prometheus');
    prometheus = await startPrometheus([new URL(api.url).host]);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await api?.close();
  });

  /** Polls until `promql` answers `expected` (Prometheus scrapes every second). */
  async function eventually(promql: string, expected: Record<string, number>, key: string) {
    let answer: Record<string, number> = {};
    for (
      const deadline = Date.now() + 20_000;
      Date.now() < deadline;
      await new Promise((resolve) => setTimeout(resolve, 250))
    ) {
      answer = Object.fromEntries(
        (await prometheus.query(promql)).map((series) => [series.metric[key] ?? '', series.value])
      );
      if (JSON.stringify(answer) === JSON.stringify(expected)) break;
    }
    expect({ promql, answer }).toEqual({ promql, answer: expected });
  }

  it('returns the counts of ingested events, and up == 1 for the API', async () => {
    const agent = uid('prom-agent');
    const succeeded = Array.from({ length: 3 }, () => make.agentExecution({ agent }));
    const failed = make.agentExecution({ agent, status: 'FAILURE' });
    const answer = await ingest(api, [
      ...succeeded.map((event) => ({ agentExecution: event })),
      { agentExecution: failed },
      { agentExecution: succeeded[0] }, // a replay: counted once
      { toolExecution: make.toolExecution({ tool: 'prom-tool' }) },
      { login: make.login() },
    ]);
    expect(answer.rejected).toBe(0);

    await eventually('up{job="agentmon-api"}', { 'agentmon-api': 1 }, 'job');
    await eventually(
      `sum by (status) (agentmon_agent_executions_total{agent="${agent}"})`,
      { failure: 1, success: 3 },
      'status'
    );
    await eventually('sum by (tool) (agentmon_tool_executions_total)', { 'prom-tool': 1 }, 'tool');
    await eventually('sum(agentmon_logins_total)', { '': 1 }, '');
  });

  it('evaluates every provisioned alert query without error', async () => {
    const rules = readYaml('provisioning/alerting/agentmon.yaml').groups.flatMap((group: any) => group.rules);
    for (const rule of rules) {
      const query = rule.data.find((q: any) => q.datasourceUid !== '__expr__');
      await expect(prometheus.query(query.model.expr)).resolves.toEqual(expect.any(Array));
    }
  });
});
