import { describeHttpFailure, type GraphQLTransport } from './api';
import { checkHealth } from './healthCheck';

const healthy = async () => ({ status: 'ok', version: '0.1.0' });
const counts =
  (n: number): GraphQLTransport =>
  async () => ({
    data: {
      users: { totalCount: n },
      agents: { totalCount: n + 1 },
      tools: { totalCount: n + 2 },
      workflows: { totalCount: n + 3 },
    },
  });

describe('health check (Save & test)', () => {
  it('says what it found: the API version and counts', async () => {
    expect(await checkHealth('http://agentmon:4000', healthy, counts(2))).toEqual({
      status: 'success',
      message: 'Connected to Agentmon API 0.1.0: 2 users, 3 agents, 4 tools, 5 workflows.',
    });
  });

  it('tells a new user how to start when nothing was sent yet', async () => {
    const send: GraphQLTransport = async () => ({
      data: {
        users: { totalCount: 0 },
        agents: { totalCount: 0 },
        tools: { totalCount: 0 },
        workflows: { totalCount: 0 },
      },
    });
    expect((await checkHealth('http://a', healthy, send)).message).toMatch(/No events yet: send the first one/);
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
