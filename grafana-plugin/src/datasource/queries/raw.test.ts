import { type DataFrame, FieldType } from '@grafana/data';
import * as api from '../../test/apiData';
import { createDataSource, field, FROM, queryRequest, valuesOf } from '../../test/fixtures';
import { schemaTransport } from '../../test/schemaTransport';
import type { GraphQLTransport } from '../api';
import type { AgentmonQuery } from '../types';
import { declaredVariables, rowsAtPath } from './raw';

const root = {
  agentExecutions: () =>
    api.connection([
      api.agentExecution,
      { ...api.agentExecution, requestId: 'req-2', durationMs: null, agent: { name: 'writer' } },
    ]),
  workflowRuns: () => api.connection([api.workflowRun, { ...api.workflowRun, runId: 'run-2' }]),
};

async function run(query: Partial<AgentmonQuery>, send: GraphQLTransport = schemaTransport(root).send) {
  const response = await createDataSource(send).query(queryRequest([{ refId: 'R', queryType: 'raw', ...query }]));
  return { response, frame: response.data[0] as DataFrame };
}

describe('raw GraphQL queries', () => {
  it('finds the variables an operation declares, ignoring strings and comments', () => {
    expect(
      declaredVariables(`# $notMe: Int
        query Q($from: DateTimeISO, $to: DateTimeISO,$limit:Int = 5) { a(s: "$nope: x", f: $from) }`)
    ).toEqual(['from', 'to', 'limit']);
  });

  it('sends the declared built-in and own variables only', async () => {
    const { send, calls } = schemaTransport(root);
    await run(
      {
        rawQuery:
          'query Q($from: DateTimeISO, $first: Int) { agentExecutions(first: $first, filter: { from: $from }) { nodes { requestId } } }',
        variables: '{"first": 2, "unused": true}',
        dataPath: 'agentExecutions.nodes',
      },
      send
    );
    expect(calls[0].variables).toEqual({ from: FROM, first: 2 });
  });

  it('flattens nested objects into dotted columns typed from all their values', async () => {
    const { frame } = await run({
      rawQuery: '{ agentExecutions { nodes { requestId startedAt durationMs costUsd agent { name } } } }',
      dataPath: 'data.agentExecutions.nodes',
    });
    expect(valuesOf(frame)).toEqual({
      requestId: ['req-1', 'req-2'],
      startedAt: [Date.parse(api.agentExecution.startedAt), Date.parse(api.agentExecution.startedAt)],
      durationMs: [2500, null],
      costUsd: ['0.0105', '0.0105'],
      'agent.name': ['researcher', 'writer'],
    });
    expect(field(frame, 'startedAt').type).toBe(FieldType.time);
    expect(field(frame, 'durationMs').type).toBe(FieldType.number);
    expect(frame.refId).toBe('R');
  });

  it('turns nested lists on the path into rows', async () => {
    const { frame } = await run({
      rawQuery: '{ workflowRuns { nodes { runId taskRuns { nodeKey status } } } }',
      dataPath: 'workflowRuns.nodes.taskRuns',
    });
    expect(valuesOf(frame).nodeKey).toEqual(['fetch', 'fetch', 'summarize', 'fetch', 'fetch', 'summarize']);
    expect(rowsAtPath({ a: [{ b: [1, 2] }, { b: [3] }] }, 'a.b')).toEqual([1, 2, 3]);
  });

  it('shows GraphQL errors that came with partial data as frame notices', async () => {
    const send: GraphQLTransport = async () => ({
      data: { agentExecutions: { nodes: [{ requestId: 'req-1' }] } },
      errors: [{ message: 'cost unavailable', extensions: { code: 'UNAVAILABLE' } }],
    });
    const { frame, response } = await run({ rawQuery: '{ x }', dataPath: 'agentExecutions.nodes' }, send);
    expect(response.errors).toEqual([]);
    expect(frame.meta?.notices).toEqual([{ severity: 'warning', text: 'Partial data: UNAVAILABLE: cost unavailable' }]);
  });

  it('reports errors without data, with the API message and code', async () => {
    const { response } = await run({ rawQuery: '{ nope }' });
    expect(response.errors?.[0].message).toMatch(/GRAPHQL_VALIDATION_FAILED|Cannot query field "nope"/);
  });

  it('reports bad variables JSON and an empty query', async () => {
    expect((await run({ rawQuery: '{ a }', variables: '{nope' })).response.errors?.[0].message).toMatch(
      /not valid JSON/
    );
    expect((await run({ rawQuery: ' ' })).response.errors?.[0].message).toBe('Write a GraphQL query.');
  });
});
