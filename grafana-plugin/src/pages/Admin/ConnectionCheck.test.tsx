import React from 'react';
import { render, screen } from '@testing-library/react';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { ConnectionCheck } from './ConnectionCheck';

function dataSources(list: Array<{ uid: string; name: string; test: () => Promise<unknown> }>) {
  const getList = jest.fn(() =>
    list.map((ds) => ({
      uid: ds.uid,
      name: ds.name,
      type: 'agentmon-datasource',
      jsonData: { apiUrl: 'http://agentmon:4000' },
    }))
  );
  setDataSourceSrv({
    getList,
    get: async (uid: string) => ({ testDatasource: list.find((ds) => ds.uid === uid)!.test }),
  } as unknown as DataSourceSrv);
  return getList;
}

describe('ConnectionCheck (Admin page and app configuration)', () => {
  it('tests each Agentmon data source and links to its settings', async () => {
    const getList = dataSources([
      {
        uid: 'ok',
        name: 'Agentmon',
        test: async () => ({ status: 'success', message: 'Connected to Agentmon API 0.1.0: 1 users' }),
      },
      {
        uid: 'bad',
        name: 'Agentmon staging',
        test: async () => ({ status: 'error', message: 'Cannot reach the Agentmon API' }),
      },
    ]);
    render(<ConnectionCheck />);
    expect(getList).toHaveBeenCalledWith({ type: 'agentmon-datasource' });
    expect(await screen.findByText('Connected to Agentmon API 0.1.0: 1 users')).toBeInTheDocument();
    expect(await screen.findByText('Cannot reach the Agentmon API')).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: /Data source settings/ });
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      '/connections/datasources/edit/ok',
      '/connections/datasources/edit/bad',
    ]);
  });

  it("shows a write key as a warning, in the health check's words", async () => {
    const words =
      'Connected to Agentmon API 0.1.0 with the ADMIN key "AGENTMON_ADMIN_TOKEN": 1 users. Grafana holds an ADMIN key';
    dataSources([{ uid: 'admin', name: 'Agentmon', test: async () => ({ status: 'warning', message: words }) }]);
    render(<ConnectionCheck />);
    expect(await screen.findByText(words)).toBeInTheDocument();
    expect(screen.getByTestId('data-testid Alert warning')).toHaveTextContent(words);
  });

  it('says how to add the data source when there is none', () => {
    dataSources([]);
    render(<ConnectionCheck />);
    expect(screen.getByText('No Agentmon data source yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add the Agentmon data source/ })).toHaveAttribute(
      'href',
      '/connections/datasources/agentmon-datasource'
    );
  });
});
