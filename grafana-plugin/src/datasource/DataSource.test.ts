import { type BackendSrv, type FetchResponse, setBackendSrv } from '@grafana/runtime';
import { lastValueFrom, of, throwError } from 'rxjs';
import { createDataSource, instanceSettings, queryRequest } from '../test/fixtures';
import { schemaTransport } from '../test/schemaTransport';
import { fakeTemplateSrv } from '../test/templateSrv';
import { AgentmonDataSource } from './DataSource';
import type { AgentmonVariableQuery } from './types';

/** A backendSrv whose fetch answers by URL, as Grafana's data source proxy would. */
function proxy(answer: (url: string, body: any) => { status: number; data: unknown }) {
  const fetch = jest.fn((options: { url: string; data?: unknown }) => {
    const { status, data } = answer(options.url, options.data);
    return status < 400
      ? of({ status, data, ok: true } as FetchResponse)
      : throwError(() => ({ status, data, statusText: status === 401 ? 'Unauthorized' : 'Error' }));
  });
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return fetch;
}

const countsData = {
  users: { totalCount: 1 },
  agents: { totalCount: 2 },
  tools: { totalCount: 3 },
  workflows: { totalCount: 4 },
};

describe('AgentmonDataSource through the data source proxy', () => {
  it('posts GraphQL to the proxy route, never with a token of its own', async () => {
    const fetch = proxy(() => ({
      status: 200,
      data: { data: { timeSeries: { measure: 'COUNT', interval: '1m', intervalSeconds: 60, times: [], series: [] } } },
    }));
    const ds = new AgentmonDataSource(instanceSettings(), fakeTemplateSrv());
    await ds.query(queryRequest([{ refId: 'A', queryType: 'timeSeries', metric: 'LOGINS' }]));
    const options = fetch.mock.calls[0][0] as any;
    expect(options).toMatchObject({
      url: '/api/datasources/proxy/uid/agentmon-uid/agentmon/graphql',
      method: 'POST',
      requestId: 'Q1_A',
    });
    expect(options.headers).toBeUndefined();
    expect(options.data.variables.metric).toBe('LOGINS');
  });

  it('shows the API message and code of a rejected token in the panel', async () => {
    proxy(() => ({
      status: 401,
      data: { errors: [{ message: 'Invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] },
    }));
    const ds = new AgentmonDataSource(instanceSettings(), fakeTemplateSrv());
    const response = await ds.query(
      queryRequest([{ refId: 'A', queryType: 'pageStat', page: 'overview', stat: 'logins' }])
    );
    expect(response.errors).toEqual([{ refId: 'A', message: 'UNAUTHENTICATED: Invalid API key', status: 401 }]);
  });

  it("tests the connection: /health for the version, then /graphql for the key's role and counts", async () => {
    const fetch = proxy((url, body) =>
      url.endsWith('/health')
        ? { status: 200, data: { status: 'ok', version: '0.3.0' } }
        : body.query.includes('viewer')
          ? { status: 200, data: { data: { viewer: { role: 'READ', name: 'grafana', expiresAt: null } } } }
          : { status: 200, data: { data: countsData } }
    );
    const ds = new AgentmonDataSource(instanceSettings(), fakeTemplateSrv());
    expect(await ds.testDatasource()).toEqual({
      status: 'success',
      message: 'Connected to Agentmon API 0.3.0 with the READ key "grafana": 1 users, 2 agents, 3 tools, 4 workflows.',
    });
    expect(fetch.mock.calls.map((c) => [(c[0] as { url: string }).url, (c[0] as { method?: string }).method])).toEqual([
      ['/api/datasources/proxy/uid/agentmon-uid/agentmon/health', 'GET'],
      ['/api/datasources/proxy/uid/agentmon-uid/agentmon/graphql', 'POST'],
      ['/api/datasources/proxy/uid/agentmon-uid/agentmon/graphql', 'POST'],
    ]);
  });

  it('tests the connection: says a 401 is a bad token', async () => {
    proxy((url) =>
      url.endsWith('/health')
        ? { status: 200, data: { status: 'ok', version: '0.3.0' } }
        : { status: 401, data: { errors: [{ message: 'Missing token', extensions: { code: 'UNAUTHENTICATED' } }] } }
    );
    const result = await new AgentmonDataSource(instanceSettings(), fakeTemplateSrv()).testDatasource();
    expect(result.message).toBe(
      'Agentmon API 0.3.0 rejected the API token (HTTP 401 UNAUTHENTICATED): set a valid token.'
    );
  });
});

describe('AgentmonDataSource.query', () => {
  it('reports each failing query under its refId while the others still return frames, in target order', async () => {
    const { send } = schemaTransport({ overview: () => ({ activeSessions: 4 }) });
    const response = await createDataSource(send).query(
      queryRequest([
        { refId: 'A', queryType: 'list' },
        { refId: 'B', queryType: 'pageStat', page: 'overview', stat: 'activeSessions' },
        { refId: 'C', queryType: 'pageStat', page: 'overview', stat: 'activeSessions', hide: true },
      ])
    );
    expect(response.data.map((f) => f.refId)).toEqual(['B']);
    expect(response.errors).toEqual([{ refId: 'A', message: 'Unknown list "": pick one.' }]);
  });

  it('counts "today" in the dashboard zone (browser → the browser zone)', async () => {
    const { send, calls } = schemaTransport({ overview: () => ({ activeSessions: 0 }) });
    const ds = createDataSource(send);
    await ds.query(
      queryRequest([{ refId: 'A', queryType: 'pageStat', page: 'overview', stat: 'activeSessions' }], {
        timezone: 'Asia/Tokyo',
      })
    );
    await ds.query(
      queryRequest([{ refId: 'A', queryType: 'pageStat', page: 'overview', stat: 'activeSessions' }], {
        timezone: 'browser',
      })
    );
    expect(calls.map((c) => c.variables.timezone)).toEqual([
      'Asia/Tokyo',
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    ]);
  });

  it('starts new queries as a count of agent executions over time', () => {
    expect(createDataSource(schemaTransport({}).send).getDefaultQuery()).toMatchObject({
      queryType: 'timeSeries',
      metric: 'AGENT_EXECUTIONS',
    });
  });
});

describe('template variable support', () => {
  const root = {
    users: () => ({
      nodes: [
        { externalId: 'u-1', name: 'Ada' },
        { externalId: 'u-2', name: null },
      ],
      pageInfo: { hasNextPage: false, endCursor: null },
    }),
    agents: () => ({ nodes: [{ name: 'researcher' }], pageInfo: { hasNextPage: false, endCursor: null } }),
    tools: () => ({ nodes: [{ name: 'web_search' }], pageInfo: { hasNextPage: false, endCursor: null } }),
    workflows: () => ({
      nodes: [{ key: 'nightly', name: 'Nightly' }],
      pageInfo: { hasNextPage: false, endCursor: null },
    }),
    breakdown: (args: { by: string }) => [
      { key: args.by === 'MODEL' ? 'gpt-4o' : 'openai', label: args.by === 'MODEL' ? 'gpt-4o' : 'OpenAI' },
    ],
  };

  it.each([
    ['users', ['Ada (u-1)', 'u-2'], ['u-1', 'u-2']],
    ['agents', ['researcher'], ['researcher']],
    ['tools', ['web_search'], ['web_search']],
    ['workflows', ['Nightly'], ['nightly']],
    ['models', ['gpt-4o'], ['gpt-4o']],
    ['providers', ['OpenAI'], ['openai']],
  ])('lists %s as text/value options', async (kind, text, value) => {
    const { send } = schemaTransport(root);
    const ds = createDataSource(send);
    const request = queryRequest<AgentmonVariableQuery>([
      { refId: 'variable', kind: kind as AgentmonVariableQuery['kind'] },
    ]);
    const response = await lastValueFrom((ds.variables as any).query(request));
    const frame = (response as any).data[0];
    expect(frame.fields.map((f: any) => [f.name, [...f.values]])).toEqual([
      ['text', text],
      ['value', value],
    ]);
  });
});
