import { LABEL_LIMITS } from '../src/telemetry/ingest-counters';
import { DIALECTS, startApi, TestApi } from './support/api';
import { at, ingest, make, record, uid } from './support/events';
import { scrape, sumOf } from './support/metrics-page';
import { promtool } from './support/prometheus';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe.each(DIALECTS)('Prometheus metrics on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'metrics');
  });
  afterAll(() => api?.close());

  const value = async (name: string, labels: Record<string, string> = {}) =>
    sumOf((await scrape(api.url)).samples, name, labels);

  it('counts an agent execution once it is final, with its tokens and cost; replays count nothing', async () => {
    const agent = uid('metrics-agent');
    const running = make.agentExecution({
      agent,
      status: 'RUNNING',
      finishedAt: null,
      inputTokens: 100,
      outputTokens: null,
      costUsd: null,
    });
    await record(api, 'agentExecution', running);
    expect(await value('agentmon_agent_executions_total', { agent })).toBeUndefined();
    expect(await value('agentmon_agent_tokens_total', { agent, type: 'input' })).toBe(100);

    const success = { ...running, status: 'SUCCESS', finishedAt: at(3_500), outputTokens: 50, costUsd: '0.25' };
    await record(api, 'agentExecution', success);
    await record(api, 'agentExecution', success);
    await ingest(api, [{ agentExecution: success }, { agentExecution: running }]);

    const { samples } = await scrape(api.url);
    expect(sumOf(samples, 'agentmon_agent_executions_total', { agent })).toBe(1);
    expect(
      sumOf(samples, 'agentmon_agent_executions_total', {
        agent,
        status: 'success',
        model: 'chat-large',
        provider: 'provider-a',
      })
    ).toBe(1);
    expect(sumOf(samples, 'agentmon_agent_execution_duration_seconds_count', { agent, status: 'success' })).toBe(1);
    expect(sumOf(samples, 'agentmon_agent_execution_duration_seconds_sum', { agent, status: 'success' })).toBe(2.5);
    expect(sumOf(samples, 'agentmon_agent_tokens_total', { agent, type: 'input' })).toBe(100);
    expect(sumOf(samples, 'agentmon_agent_tokens_total', { agent, type: 'output' })).toBe(50);
    expect(sumOf(samples, 'agentmon_agent_cost_usd_total', { agent })).toBeCloseTo(0.25, 9);
  });

  it('counts tools, workflow runs, logins, plans and approvals by their final states', async () => {
    const tool = uid('metrics-tool');
    const workflow = uid('metrics-wf');
    const run = make.workflowRun(workflow, { status: 'RUNNING' });
    const plan = make.plan({ status: 'DRAFT' });
    const approval = make.approvalRequested({ runId: run.runId });
    const before = { logins: (await value('agentmon_logins_total')) ?? 0 };
    const answer = await ingest(api, [
      { toolExecution: make.toolExecution({ tool, status: 'FAILURE', durationMs: 1_500 }) },
      { toolExecution: make.toolExecution({ tool, status: 'TIMEOUT' }) },
      { toolExecution: make.toolExecution({ tool, status: 'RUNNING', durationMs: null }) },
      { workflowRun: run },
      { workflowRun: { ...run, status: 'SUCCESS', finishedAt: at(70_000) } },
      { login: make.login() },
      { plan },
      { plan: { ...plan, status: 'PENDING_APPROVAL' } },
      { plan: { ...plan, status: 'APPROVED', decidedAt: at(40_000) } },
      { approvalRequested: approval },
      { approvalDecided: make.approvalDecided(approval.approvalId, { decision: 'REJECTED' }) },
    ]);
    expect(answer.rejected).toBe(0);

    const { samples } = await scrape(api.url);
    expect(sumOf(samples, 'agentmon_tool_executions_total', { tool, status: 'failure' })).toBe(1);
    expect(sumOf(samples, 'agentmon_tool_executions_total', { tool, status: 'timeout' })).toBe(1);
    expect(sumOf(samples, 'agentmon_tool_executions_total', { tool })).toBe(2);
    expect(sumOf(samples, 'agentmon_tool_execution_duration_seconds_sum', { tool, status: 'failure' })).toBe(1.5);
    expect(sumOf(samples, 'agentmon_workflow_runs_total', { workflow, status: 'success' })).toBe(1);
    expect(sumOf(samples, 'agentmon_workflow_run_duration_seconds_sum', { workflow, status: 'success' })).toBe(60);
    expect(sumOf(samples, 'agentmon_logins_total')).toBe(before.logins + 1);
    for (const status of ['draft', 'pending_approval', 'approved'])
      expect({ status, n: sumOf(samples, 'agentmon_plans_total', { status }) }).toEqual({ status, n: 1 });
    expect(sumOf(samples, 'agentmon_approvals_total', { decision: 'rejected' })).toBe(1);
  });

  it('reads what is open now from the database at scrape time, and exports the alert thresholds', async () => {
    const run = make.workflowRun(uid('open-wf'), { status: 'WAITING_APPROVAL', startedAt: minutesAgo(30) });
    const oldest = make.approvalRequested({ runId: run.runId }, { requestedAt: minutesAgo(10) });
    await ingest(api, [
      { login: make.login({ at: minutesAgo(1) }) },
      { workflowRun: run },
      { approvalRequested: oldest },
      { approvalRequested: make.approvalRequested({ runId: run.runId }, { requestedAt: minutesAgo(2) }) },
    ]);
    const { samples } = await scrape(api.url);
    expect(sumOf(samples, 'agentmon_active_sessions')).toBe(1);
    expect(sumOf(samples, 'agentmon_workflow_runs_in_progress', { status: 'waiting_approval' })).toBe(1);
    expect(sumOf(samples, 'agentmon_pending_approvals')).toBe(2);
    const age = sumOf(samples, 'agentmon_oldest_pending_approval_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(600);
    expect(age).toBeLessThan(660);
    expect(sumOf(samples, 'agentmon_database_connected')).toBe(1);
    expect(sumOf(samples, 'agentmon_daily_cost_budget_usd')).toBe(100);
    expect(sumOf(samples, 'agentmon_approval_wait_limit_seconds')).toBe(3600);
    expect(sumOf(samples, 'agentmon_db_pool_max_connections')).toBe(dialect === 'mysql' ? 10 : undefined);
    expect(sumOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('keeps label cardinality bounded: agents past the cap count as "other"', async () => {
    const agents = Array.from({ length: LABEL_LIMITS.named + 5 }, () => uid('many'));
    expect(
      (
        await ingest(
          api,
          agents.map((agent) => ({ agentExecution: make.agentExecution({ agent }) }))
        )
      ).rejected
    ).toBe(0);
    const { samples } = await scrape(api.url);
    const series = new Set(
      samples.filter((s) => s.name === 'agentmon_agent_executions_total').map((s) => s.labels.agent)
    );
    expect(series.size).toBe(LABEL_LIMITS.named + 1);
    expect(series.has('other')).toBe(true);
    expect(sumOf(samples, 'agentmon_agent_executions_total', { agent: 'other' })).toBeGreaterThanOrEqual(5);
  });

  it('counts GraphQL operations by name, type and outcome, and HTTP requests by route and code', async () => {
    await api.data('query AgentmonProbe { __typename }');
    await api.gql('query AgentmonProbe { noSuchField }');
    await api.gql('{ __typename }', undefined, 'wrong-token-0123456789');
    const { samples } = await scrape(api.url);
    expect(
      sumOf(samples, 'agentmon_graphql_operations_total', {
        operation: 'AgentmonProbe',
        type: 'query',
        outcome: 'success',
      })
    ).toBe(1);
    // A document that does not validate has no operation to name or type.
    expect(
      sumOf(samples, 'agentmon_graphql_operations_total', {
        operation: 'anonymous',
        type: 'unknown',
        outcome: 'client_error',
      })
    ).toBe(1);
    expect(sumOf(samples, 'agentmon_graphql_operation_duration_seconds_count', { operation: 'AgentmonProbe' })).toBe(1);
    expect(sumOf(samples, 'agentmon_http_requests_total', { route: '/graphql', code: '401' })).toBe(1);
    expect(sumOf(samples, 'agentmon_http_requests_total', { route: '/metrics', code: '200' })).toBeGreaterThanOrEqual(
      1
    );
  });

  it('serves a page that passes promtool check metrics', async () => {
    const { code, output } = await promtool(['check', 'metrics'], (await scrape(api.url)).text);
    expect({ code, output }).toEqual({ code: 0, output: '' });
  });
});
