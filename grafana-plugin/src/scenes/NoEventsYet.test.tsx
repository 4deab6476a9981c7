import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType, getDefaultTimeRange, LoadingState } from '@grafana/data';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { SceneDataNode } from '@grafana/scenes';
import { hasNoRecords, NoEventsYet } from './NoEventsYet';

const counts = (n: number) =>
  createDataFrame({
    fields: ['users.totalCount', 'agents.totalCount'].map((name) => ({ name, type: FieldType.number, values: [n] })),
  });

function bannerWith(series = [counts(0)], state = LoadingState.Done) {
  const banner = new NoEventsYet();
  banner.setState({ $data: new SceneDataNode({ data: { state, series, timeRange: getDefaultTimeRange() } }) });
  return banner;
}

describe('NoEventsYet', () => {
  beforeEach(() => {
    setDataSourceSrv({
      getInstanceSettings: () => ({ jsonData: { apiUrl: 'http://agentmon:4000' } }),
    } as unknown as DataSourceSrv);
  });

  it('counts the records every event creates', () => {
    const banner = new NoEventsYet();
    expect((banner.state.$data as any).state.queries[0]).toMatchObject({
      queryType: 'raw',
      rawQuery: expect.stringContaining('users(first: 1) { totalCount }'),
    });
    expect(hasNoRecords([counts(0)])).toBe(true);
    expect(hasNoRecords([counts(3)])).toBe(false);
    expect(hasNoRecords([])).toBe(false);
  });

  it('tells a new user how to send the first event, to their API URL', () => {
    const banner = bannerWith();
    render(<banner.Component model={banner} />);
    expect(screen.getByText('No events yet')).toBeInTheDocument();
    expect(screen.getByText(/curl -s http:\/\/agentmon:4000\/graphql/)).toBeInTheDocument();
  });

  it('shows nothing once events arrived, or while loading', () => {
    for (const banner of [bannerWith([counts(1)]), bannerWith([counts(0)], LoadingState.Loading)]) {
      const { container } = render(<banner.Component model={banner} />);
      expect(container).toBeEmptyDOMElement();
    }
  });
});
