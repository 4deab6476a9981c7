import { type DataFrame, FieldType } from '@grafana/data';
import * as api from '../../test/apiData';
import { createDataSource, field, FROM, queryRequest, TO, valuesOf } from '../../test/fixtures';
import { schemaTransport, validationErrors } from '../../test/schemaTransport';
import type { AgentmonQuery } from '../types';

function transport() {
  return schemaTransport({
    timeSeries: (args: { measure: string; groupBy?: string }) =>
      api.timeSeries(
        args.groupBy
          ? [
              { key: 'researcher', label: 'Researcher', values: [1, 0, 3] },
              { key: 'writer', label: 'Writer', values: [0, 0, 2] },
            ]
          : [
              {
                key: 'value',
                label: 'Agent executions',
                values: args.measure === 'SUCCESS_RATE' ? [1, null, 0.5] : [4, 0, 7],
              },
            ],
        args.measure
      ),
  });
}

async function run(query: Partial<AgentmonQuery>, overrides?: Parameters<typeof queryRequest>[1]) {
  const { send, calls } = transport();
  const response = await createDataSource(send).query(
    queryRequest([{ refId: 'B', queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', ...query }], overrides)
  );
  expect(calls.map((c) => validationErrors(c.query))).toEqual(calls.map(() => []));
  return { response, calls, frame: response.data[0] as DataFrame };
}

describe('time series queries', () => {
  it('sends request.range as GraphQL variables and frames zero-filled buckets as a wide frame', async () => {
    const { calls, frame, response } = await run({ measure: 'COUNT' });
    expect(response.errors).toEqual([]);
    expect(calls[0].variables).toMatchObject({
      metric: 'AGENT_EXECUTIONS',
      measure: 'COUNT',
      range: { from: FROM, to: TO },
    });
    expect(frame.refId).toBe('B');
    expect(field(frame, 'time').type).toBe(FieldType.time);
    expect(valuesOf(frame)).toEqual({ time: api.times.map((t) => Date.parse(t)), value: [4, 0, 7] });
    expect(field(frame, 'value').config).toMatchObject({ unit: 'short', displayNameFromDS: 'Agent executions' });
    expect(field(frame, 'time').config.interval).toBe(600_000);
  });

  it.each([
    ['COST_USD', 'currencyUSD'],
    ['P95_DURATION_MS', 'ms'],
    ['SUCCESS_RATE', 'percentunit'],
    ['TOTAL_TOKENS', 'short'],
  ])('gives %s values the unit %s', async (measure, unit) => {
    const { frame } = await run({ measure: measure as AgentmonQuery['measure'] });
    expect(field(frame, 'value').config.unit).toBe(unit);
  });

  it('keeps null rates (nothing finished in a bucket) as null', async () => {
    const { frame } = await run({ measure: 'SUCCESS_RATE' });
    expect(valuesOf(frame).value).toEqual([1, null, 0.5]);
  });

  it('labels grouped series with the dimension, so legends and overrides can use it', async () => {
    const { frame, calls } = await run({ groupBy: 'AGENT', limit: 5, filter: { user: ['u-42'] } });
    expect(calls[0].variables).toMatchObject({ groupBy: 'AGENT', limit: 5, filter: { user: ['u-42'] } });
    expect(field(frame, 'researcher').labels).toEqual({ agent: 'researcher' });
    expect(field(frame, 'writer').config.displayNameFromDS).toBe('Writer');
  });

  it.each([
    // 1 h at Grafana's 5 s interval: the finest API bucket.
    [5_000, 1000, '1m'],
    // 1 h with only 10 points: 6 min → 10m.
    [5_000, 10, '10m'],
    // Grafana's interval already coarse (e.g. a min interval of 2 h).
    [7_200_000, 1000, '6h'],
    // More than a day per point: the largest bucket.
    [172_800_000, 1000, '1d'],
  ])(
    'picks the API interval from intervalMs %i and maxDataPoints %i: %s',
    async (intervalMs, maxDataPoints, interval) => {
      const { calls } = await run({}, { intervalMs, maxDataPoints });
      expect(calls[0].variables.interval).toBe(interval);
    }
  );

  it('uses the query interval when it is not auto', async () => {
    const { calls } = await run({ interval: '1h' });
    expect(calls[0].variables.interval).toBe('1h');
  });

  it('reports a missing metric under the refId', async () => {
    const { response } = await run({ metric: undefined });
    expect(response.errors).toEqual([{ refId: 'B', message: 'Pick a metric for the time series.' }]);
  });
});

describe('breakdown queries', () => {
  it('frames one row per key with the measure as a typed value column titled by the dimension', async () => {
    const { send, calls } = schemaTransport({
      breakdown: () => [api.breakdownRow, { ...api.breakdownRow, key: 'o3', label: 'o3', value: 0.25 }],
    });
    const response = await createDataSource(send).query(
      queryRequest([
        { refId: 'C', queryType: 'breakdown', metric: 'AGENT_EXECUTIONS', by: 'MODEL', measure: 'COST_USD', limit: 3 },
      ])
    );
    expect(validationErrors(calls[0].query)).toEqual([]);
    expect(calls[0].variables).toMatchObject({
      metric: 'AGENT_EXECUTIONS',
      by: 'MODEL',
      measure: 'COST_USD',
      limit: 3,
      range: { from: FROM, to: TO },
    });
    const frame = response.data[0];
    expect(frame.name).toBe('Agent executions by model');
    expect(valuesOf(frame)).toMatchObject({ key: ['gpt-4o', 'o3'], value: [7, 0.25], 'summary.count': [10, 10] });
    expect(field(frame, 'value').config).toMatchObject({ unit: 'currencyUSD', displayName: 'Cost (USD)' });
    expect(field(frame, 'label').config.displayName).toBe('Model');
  });

  it('needs a dimension', async () => {
    const { send } = schemaTransport({});
    const response = await createDataSource(send).query(
      queryRequest([{ refId: 'C', queryType: 'breakdown', metric: 'LOGINS' }])
    );
    expect(response.errors?.[0].message).toMatch(/Pick a metric and a dimension/);
  });
});
