import { type DataFrame, FieldType } from '@grafana/data';
import * as api from '../../test/apiData';
import { createDataSource, field, FROM, queryRequest, TO, valuesOf } from '../../test/fixtures';
import { schemaTransport, validationErrors } from '../../test/schemaTransport';
import type { AgentmonQuery, ListName } from '../types';
import { LISTS } from './list';

/** Resolvers for every list's connection; each records the arguments it got. */
function transport(pages = 1) {
  const args: Record<string, any[]> = {};
  const record = (name: string, nodes: () => unknown[]) => (a: any) => {
    (args[name] ??= []).push(a);
    const page = a.after ? Number(a.after) : 0;
    return api.connection(nodes(), page + 1 < pages, String(page + 1));
  };
  const root = {
    activity: record('activity', () => [
      { id: 'a1', kind: 'LOGIN', at: '2026-11-26T08:10:00.000Z', title: 'Ada logged in', status: null, user: 'u-42' },
    ]),
    agentExecutions: record('agentExecutions', () => [api.agentExecution]),
    toolExecutions: record('toolExecutions', () => [api.toolExecution]),
    loginSessions: record('loginSessions', () => [
      {
        externalId: 's-1',
        startedAt: FROM,
        lastActivityAt: TO,
        ip: '10.0.0.1',
        userAgent: 'curl',
        user: { externalId: 'u-42', name: 'Ada' },
      },
    ]),
    workflowRuns: record('workflowRuns', () => [api.workflowRun]),
    approvals: record('approvals', () => [
      {
        externalId: 'ap-1',
        subjectType: 'PLAN',
        requestedAt: FROM,
        decision: 'PENDING',
        decidedAt: null,
        waitMs: null,
        comment: null,
        workflowRun: null,
        plan: { externalId: 'plan-1' },
        decidedBy: null,
      },
    ]),
    plans: record('plans', () => [api.plan]),
    taskRuns: record('taskRuns', () => [
      {
        externalId: 'tr-1',
        nodeKey: 'fetch',
        attempt: 1,
        status: 'FAILED',
        startedAt: FROM,
        durationMs: 1000,
        agent: null,
        tool: { name: 'http' },
        errorType: 'HttpError',
        errorMessage: 'HTTP 500',
      },
    ]),
    workflowRun: (a: { runId: string }) => (a.runId === 'run-1' ? api.workflowRun : null),
  };
  return { ...schemaTransport(root), args };
}

async function run(query: Partial<AgentmonQuery>, pages?: number) {
  const t = transport(pages);
  const response = await createDataSource(t.send).query(queryRequest([{ refId: 'L', queryType: 'list', ...query }]));
  expect(t.calls.map((c) => validationErrors(c.query))).toEqual(t.calls.map(() => []));
  return { ...t, response, frame: response.data[0] as DataFrame };
}

const LIST_NAMES = (Object.keys(LISTS) as ListName[]).filter((name) => name !== 'runGraph');

describe('list queries', () => {
  it.each(LIST_NAMES)('%s reads a valid operation and frames typed rows', async (list) => {
    const { response, frame } = await run({ list });
    expect(response.errors).toEqual([]);
    expect(frame.refId).toBe('L');
    expect(frame.length).toBeGreaterThan(0);
    const times = frame.fields.filter((f) => f.type === FieldType.time);
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((f) => f.values.every((v) => v === null || typeof v === 'number'))).toBe(true);
  });

  it.each([
    ['recentPlans', 'user', ['Ada']],
    ['agentExecutions', 'user', ['u-42']],
    ['activeSessions', 'user', ['Ada']],
    ['workflowRuns', 'triggeredBy', ['u-42']],
  ] as const)(
    '%s asks for the %s name and shows it, or the platform id when there is none',
    async (list, person, names) => {
      const { frame, calls } = await run({ list });
      expect(calls[0].query).toMatch(new RegExp(`${person} \\{ (name externalId|externalId name) \\}`));
      expect(valuesOf(frame)[`${person}.name`]).toEqual(names);
      expect(valuesOf(frame)[`${person}.externalId`]).toEqual(['u-42']);
    }
  );

  it('narrows lists of the time range by request.range and lists of "now" by their state', async () => {
    const recent = await run({ list: 'agentExecutions', filter: { agent: ['researcher'], status: ['FAILURE'] } });
    expect(recent.args.agentExecutions[0].filter).toEqual({
      from: FROM,
      to: TO,
      agent: ['researcher'],
      status: ['FAILURE'],
    });
    const running = await run({ list: 'runningWorkflows', filter: { workflow: ['nightly-report'] } });
    expect(running.args.workflowRuns[0].filter).toEqual({ status: ['RUNNING'], workflow: ['nightly-report'] });
    const sessions = await run({ list: 'activeSessions' });
    expect(sessions.args.loginSessions[0].filter).toEqual({ active: true });
    const approvals = await run({ list: 'pendingApprovals' });
    expect(approvals.args.approvals[0].filter).toEqual({ decision: ['PENDING'] });
  });

  it('narrows task runs to the run id', async () => {
    const { args, frame } = await run({ list: 'taskRuns', runId: 'run-1', filter: { status: ['FAILED'] } });
    expect(args.taskRuns[0].filter).toEqual({ runId: ['run-1'], status: ['FAILED'] });
    expect(valuesOf(frame)).toMatchObject({ nodeKey: ['fetch'], 'tool.name': ['http'], 'agent.name': [null] });
  });

  it('passes on only the filter keys a list understands', async () => {
    const { args } = await run({ list: 'recentPlans', filter: { agent: ['researcher'], user: ['u-42'] } });
    expect(args.plans[0].filter).toEqual({ from: FROM, to: TO, user: ['u-42'] });
  });

  it('follows Relay cursors until the limit', async () => {
    const { args, frame } = await run({ list: 'agentExecutions', limit: 3 }, 10);
    expect(args.agentExecutions.map((a) => [a.first, a.after])).toEqual([
      [3, null],
      [2, '1'],
      [1, '2'],
    ]);
    expect(frame.length).toBe(3);
  });

  it('stops at the last page', async () => {
    const { args, frame } = await run({ list: 'recentPlans', limit: 500 }, 2);
    expect(args.plans.map((a) => a.after)).toEqual([null, '1']);
    expect(frame.length).toBe(2);
  });

  it('filters activity by kind', async () => {
    const { args, frame } = await run({ list: 'activity', kinds: ['LOGIN'] });
    expect(args.activity[0]).toMatchObject({ kinds: ['LOGIN'], first: 50 });
    expect(valuesOf(frame)).toMatchObject({ kind: ['LOGIN'], title: ['Ada logged in'] });
  });

  it('pendingApprovals shows what waits and since when, no column a pending approval always leaves PENDING or empty', async () => {
    const { frame, calls } = await run({ list: 'pendingApprovals' });
    expect(frame.fields.map((f) => f.config.displayName ?? f.name)).toEqual([
      'Requested',
      'Approval id',
      'Subject',
      'Run id',
      'Plan id',
    ]);
    expect(calls[0].query).not.toMatch(/\b(decision|decidedAt|waitMs|decidedBy|comment)\b/);
  });

  describe('errors', () => {
    it('merges agent and tool failures, newest first', async () => {
      const { frame, args } = await run({ list: 'errors' });
      expect(args.agentExecutions[0].filter).toEqual({ from: FROM, to: TO, status: ['FAILURE', 'TIMEOUT'] });
      expect(valuesOf(frame)).toMatchObject({
        source: ['tool', 'agent'],
        name: ['web_search', 'researcher'],
        errorMessage: ['search timed out', 'model timed out'],
      });
    });

    it('keeps to agent errors when filtered by agent, and to tool errors when filtered by tool', async () => {
      const agents = await run({ list: 'errors', filter: { agent: ['researcher'] } });
      expect(agents.args.toolExecutions).toBeUndefined();
      expect(agents.args.agentExecutions[0].filter.agent).toEqual(['researcher']);
      const tools = await run({ list: 'errors', filter: { tool: ['web_search'], user: ['u-7'] } });
      expect(tools.args.agentExecutions).toBeUndefined();
      expect(tools.args.toolExecutions[0].filter).toMatchObject({ tool: ['web_search'], user: ['u-7'] });
    });
  });

  describe('runGraph', () => {
    it('frames the run as node graph nodes and edges, each node in its latest attempt state', async () => {
      const { response } = await run({ list: 'runGraph', runId: 'run-1' });
      const [nodes, edges] = response.data;
      expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
      expect(valuesOf(nodes)).toMatchObject({
        id: ['fetch', 'summarize', 'publish'],
        title: ['Fetch data', 'summarize', 'Publish'],
        subtitle: ['http', 'writer', 'cms'],
        mainstat: ['SUCCESS', 'RUNNING', 'NOT_STARTED'],
        detail__attempt: [2, 1, null],
        arc__success: [1, 0, 0],
        arc__running: [0, 1, 0],
      });
      expect(field(nodes, 'arc__failed').config.color).toEqual({ mode: 'fixed', fixedColor: 'red' });
      expect(valuesOf(edges)).toEqual({
        id: ['fetch->summarize', 'summarize->publish'],
        source: ['fetch', 'summarize'],
        target: ['summarize', 'publish'],
      });
    });

    it('says when the run does not exist or no run id is set', async () => {
      expect((await run({ list: 'runGraph', runId: 'nope' })).response.errors?.[0].message).toBe(
        'No workflow run with id "nope".'
      );
      expect((await run({ list: 'runGraph' })).response.errors?.[0].message).toMatch(/Set the run id/);
    });
  });
});

describe('list names in the query editor', () => {
  it('say "now" for a list of what is true now, as its description does, and only for those', () => {
    const mismatched = Object.entries(LISTS)
      .filter(([, { label, description }]) => /\bnow\b/i.test(label) !== /\bnow\b/i.test(description))
      .map(([name, { label }]) => `${name}: "${label}"`);
    expect(Object.values(LISTS).some(({ label }) => /\bnow\b/i.test(label))).toBe(true);
    expect(mismatched).toEqual([]);
  });
});
