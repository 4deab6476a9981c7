import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import type { AgentmonOptions, AgentmonSecureOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

function settings(overrides: Partial<DataSourceSettings<AgentmonOptions, AgentmonSecureOptions>> = {}) {
  return {
    id: 1,
    uid: 'x',
    orgId: 1,
    name: 'Agentmon',
    type: 'agentmon-datasource',
    typeName: 'Agentmon',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: {},
    secureJsonFields: {},
    ...overrides,
  } as DataSourceSettings<AgentmonOptions, AgentmonSecureOptions>;
}

describe('ConfigEditor', () => {
  it('stores the API URL in jsonData, trimmed', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText(/API URL/), { target: { value: ' http://agentmon:4000 ' } });
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { apiUrl: 'http://agentmon:4000' } })
    );
  });

  it('stores the token in secureJsonData only', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText(/API token/), { target: { value: 'secret-token' } });
    const saved = onOptionsChange.mock.calls[0][0];
    expect(saved.secureJsonData).toEqual({ apiToken: 'secret-token' });
    expect(JSON.stringify(saved.jsonData)).not.toContain('secret-token');
  });

  it('shows a saved token as configured and can reset it', () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={settings({ secureJsonFields: { apiToken: true } })} onOptionsChange={onOptionsChange} />
    );
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(onOptionsChange.mock.calls[0][0].secureJsonFields).toEqual({ apiToken: false });
  });

  it('warns when the URL ends with /graphql', () => {
    render(
      <ConfigEditor options={settings({ jsonData: { apiUrl: 'http://a:4000/graphql' } })} onOptionsChange={jest.fn()} />
    );
    expect(screen.getByText('Leave out /graphql: the data source adds it.')).toBeInTheDocument();
  });
});
