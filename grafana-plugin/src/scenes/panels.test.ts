import { createDataFrame, createTheme, FieldType } from '@grafana/data';
import { perRowDisplayValues } from '../test/pageSpecs';
import { barGauge, pie, seriesName, timeSeries } from './panels';
import { pageStat } from './spec';

describe('panel builders', () => {
  it.each([
    [
      'bar gauge',
      barGauge('Top users', pageStat('users', 'topUsersByCost'), { width: 8, name: 'userId', value: 'costUsd' }),
    ],
    ['pie', pie('By status', pageStat('tools', 'statuses'), { width: 8, name: 'userId', value: 'costUsd' })],
  ])('names each %s row by its name column, not by the value column', (_, spec) => {
    expect(spec.fieldConfig?.overrides?.[0]).toEqual({
      matcher: { id: 'byName', options: 'costUsd' },
      properties: [{ id: 'displayName', value: '${__data.fields["userId"]}' }],
    });
  });

  it('titles every row with its name once Grafana applies the override and interpolates it', () => {
    const spec = barGauge('Top users by cost', pageStat('users', 'topUsersByCost'), {
      width: 8,
      name: 'userId',
      value: 'costUsd',
    });
    // As the data source builds it: each column carries its own display name.
    const frame = createDataFrame({
      fields: [
        { name: 'userId', type: FieldType.string, config: { displayName: 'User' }, values: ['alice', 'bob'] },
        { name: 'costUsd', type: FieldType.number, config: { displayName: 'Cost' }, values: [3, 1] },
      ],
    });
    const theme = createTheme();
    const titles = perRowDisplayValues(spec, frame, theme).map((v) => v.display.title);
    expect(titles).toEqual(['alice', 'bob']);
  });

  it('names the series of one query', () => {
    expect(seriesName('B', 'Completed')).toEqual({
      matcher: { id: 'byFrameRefID', options: 'B' },
      properties: [{ id: 'displayName', value: 'Completed' }],
    });
  });

  it('carries a relative time override only when asked for one', () => {
    expect(timeSeries('Daily', [pageStat('agents', 'dailyUsage')], { width: 24, timeFrom: '30d' }).timeFrom).toBe(
      '30d'
    );
    expect(timeSeries('Hourly', [pageStat('agents', 'series')], { width: 24 })).not.toHaveProperty('timeFrom');
  });
});
