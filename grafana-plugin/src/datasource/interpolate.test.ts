import { createDataSource, queryRequest } from '../test/fixtures';
import { schemaTransport } from '../test/schemaTransport';
import { fakeTemplateSrv } from '../test/templateSrv';
import { interpolateFilter, interpolateJsonVariables, interpolateOperation, interpolateQuery } from './interpolate';
import type { AgentmonQuery } from './types';

const templateSrv = fakeTemplateSrv({
  agent: ['researcher', 'writer'],
  tool: 'web_search',
  user: ['*'],
  workflow: ['$__all'],
  run: 'run-9',
  from: 'dashboard-from',
});
const replace = templateSrv.replace.bind(templateSrv);

describe('template variable interpolation', () => {
  it('expands a multi-value variable to a list and keeps literals', () => {
    expect(interpolateFilter({ agent: ['$agent', 'planner'], tool: ['${tool}'] }, replace, {})).toEqual({
      agent: ['researcher', 'writer', 'planner'],
      tool: ['web_search'],
    });
  });

  it("drops a key whose variable is set to All (the app's * or Grafana's $__all)", () => {
    expect(interpolateFilter({ user: ['$user'], workflow: ['$workflow'], tool: ['$tool'] }, replace, {})).toEqual({
      tool: ['web_search'],
    });
  });

  it('lets scoped variables (repeated panels) win', () => {
    expect(interpolateFilter({ agent: ['$agent'] }, replace, { agent: { text: 'x', value: 'scoped' } })).toEqual({
      agent: ['scoped'],
    });
  });

  it("leaves a raw operation's own variables alone, even when a dashboard variable shares the name", () => {
    const operation = 'query Q($from: DateTimeISO) { a(from: $from, agent: "$tool", run: "${run}") }';
    expect(interpolateOperation(operation, replace, {})).toBe(
      'query Q($from: DateTimeISO) { a(from: $from, agent: "web_search", run: "run-9") }'
    );
  });

  it('turns a JSON variable that is exactly one multi-value variable into a list', () => {
    expect(
      JSON.parse(
        interpolateJsonVariables(
          '{"agents": "$agent", "label": "tool $tool", "n": 3, "list": ["$agent", "x"]}',
          replace,
          {}
        )
      )
    ).toEqual({
      agents: ['researcher', 'writer'],
      label: 'tool web_search',
      n: 3,
      list: ['researcher', 'writer', 'x'],
    });
  });

  it('interpolates every field of a query that can hold a variable', () => {
    const query: AgentmonQuery = {
      refId: 'A',
      queryType: 'list',
      runId: '$run',
      dataPath: 'a.$tool',
      filter: { agent: ['$agent'] },
    };
    expect(interpolateQuery(query, replace)).toMatchObject({
      runId: 'run-9',
      dataPath: 'a.web_search',
      filter: { agent: ['researcher', 'writer'] },
    });
  });
});

describe('the data source interpolates in query() and for Explore', () => {
  it('sends interpolated filters as GraphQL variables', async () => {
    const { send, calls } = schemaTransport({
      timeSeries: () => ({
        metric: 'AGENT_EXECUTIONS',
        measure: 'COUNT',
        interval: '1m',
        intervalSeconds: 60,
        times: [],
        series: [],
      }),
    });
    const ds = createDataSource(send, templateSrv);
    await ds.query(
      queryRequest([
        {
          refId: 'A',
          queryType: 'timeSeries',
          metric: 'AGENT_EXECUTIONS',
          filter: { agent: ['$agent'], user: ['$user'] },
        },
      ])
    );
    expect(calls[0].variables.filter).toEqual({ agent: ['researcher', 'writer'] });
  });

  it('implements interpolateVariablesInQueries with the scoped variables', () => {
    const ds = createDataSource(schemaTransport({}).send, templateSrv);
    const [query] = ds.interpolateVariablesInQueries(
      [{ refId: 'A', queryType: 'list', list: 'runGraph', runId: '$run' }],
      {
        run: { text: 'r', value: 'run-scoped' },
      }
    );
    expect(query.runId).toBe('run-scoped');
  });
});
