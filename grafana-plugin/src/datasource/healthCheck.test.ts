import { describeHttpFailure, type GraphQLTransport } from './api';
import { checkHealth } from './healthCheck';

const healthy = async () => ({ status: 'ok', version: '0.1.0' });
const grafanaKey = { role: 'READ', name: 'grafana', expiresAt: null };
/** The API as a key of `viewer`'s role sees it: its own role, and counts unless it cannot read. */
const counts =
  (n: number, viewer: Record<string, unknown> = grafanaKey): GraphQLTransport =>
  async ({ query }) => {
    if (query.includes('viewer')) {
      return { data: { viewer } };
    }
    if (viewer.role === 'INGEST') {
      return { errors: [{ message: 'users needs a key with the READ role', extensions: { code: 'FORBIDDEN' } }] };
    }
    return {
      data: {
        users: { totalCount: n },
        agents: { totalCount: n + 1 },
        tools: { totalCount: n + 2 },
        workflows: { totalCount: n + 3 },
      },
    };
  };

describe('health check (Save & test)', () => {
  it('says what it found: the API version and counts', async () => {
    expect(await checkHealth('http://agentmon:4000', healthy, counts(2))).toEqual({
      status: 'success',
      message: 'Connected to Agentmon API 0.1.0 with the READ key "grafana": 2 users, 3 agents, 4 tools, 5 workflows.',
    });
  });

  it('warns in words when Grafana holds an ADMIN key, which every viewer could use', async () => {
    const admin = { role: 'ADMIN', name: 'AGENTMON_ADMIN_TOKEN', expiresAt: null };
    const result = await checkHealth('http://agentmon:4000', healthy, counts(2, admin));
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /^Connected to Agentmon API 0\.1\.0 with the ADMIN key "AGENTMON_ADMIN_TOKEN": 2 users/
    );
    expect(result.message).toMatch(
      /every viewer of this organisation can use it through this data source: anyone could create or revoke API keys and record events\. Store a READ key instead/
    );
  });

  it('refuses an INGEST key in words: viewers could record events and nothing can be read', async () => {
    const ingest = { role: 'INGEST', name: 'sender', expiresAt: '2027-01-01T00:00:00.000Z' };
    const result = await checkHealth('http://agentmon:4000', healthy, counts(2, ingest));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/with the INGEST key "sender", expires 2027-01-01T00:00:00\.000Z\./);
    expect(result.message).toMatch(
      /anyone could record events, and the pages cannot read with it\. Store a READ key instead/
    );
  });

  it('tells a new user how to start when nothing was sent yet', async () => {
    const nothing: GraphQLTransport = async ({ query }) =>
      query.includes('viewer')
        ? { data: { viewer: grafanaKey } }
        : {
            data: Object.fromEntries(
              ['users', 'agents', 'tools', 'workflows'].map((kind) => [kind, { totalCount: 0 }])
            ),
          };
    expect((await checkHealth('http://a', healthy, nothing)).message).toMatch(/No events yet: send the first one/);
  });

  it('asks for the URL when none is set', async () => {
    const result = await checkHealth(undefined, healthy, counts(0));
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/^Set the API URL/) });
  });

  it('says when Grafana cannot reach the API (proxy 502)', async () => {
    const unreachable = () =>
      Promise.reject(describeHttpFailure(502, { message: 'Bad Gateway' }, 'Bad Gateway', '/health'));
    const result = await checkHealth('http://nowhere:4000', unreachable, counts(0));
    expect(result.status).toBe('error');
    expect(result.message).toBe(
      "Cannot reach the Agentmon API at http://nowhere:4000: Grafana could not reach the API (HTTP 502 Bad Gateway): check that it runs and that the API URL is right as seen from Grafana's server."
    );
  });

  it('says when the URL is wrong (404)', async () => {
    const notFound = () => Promise.reject(describeHttpFailure(404, undefined, 'Not Found', '/health'));
    expect((await checkHealth('http://agentmon:4000/graphql', notFound, counts(0))).message).toMatch(
      /No Agentmon API at this URL \(HTTP 404 for \/health\)/
    );
  });

  it('says when something else answers at the URL', async () => {
    const other = async () => ({ hello: 'world' }) as never;
    expect((await checkHealth('http://example', other, counts(0))).message).toMatch(
      /answered, but not as the Agentmon API does/
    );
  });

  it('says when the token is wrong: 401 UNAUTHENTICATED with the API message', async () => {
    const rejected: GraphQLTransport = () =>
      Promise.reject(
        describeHttpFailure(401, { errors: [{ message: 'Invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] })
      );
    const result = await checkHealth('http://agentmon:4000', healthy, rejected);
    expect(result).toEqual({
      status: 'error',
      message: 'Agentmon API 0.1.0 rejected the API token (HTTP 401 UNAUTHENTICATED): set a valid token.',
      details: { message: 'UNAUTHENTICATED: Invalid API key' },
    });
  });

  it('reports other GraphQL failures with their code', async () => {
    const down: GraphQLTransport = async () => ({
      errors: [{ message: 'The database is unavailable', extensions: { code: 'UNAVAILABLE' } }],
    });
    expect((await checkHealth('http://a', healthy, down)).message).toBe(
      'Agentmon API 0.1.0 is up, but its GraphQL query failed: UNAVAILABLE: The database is unavailable'
    );
  });
});
