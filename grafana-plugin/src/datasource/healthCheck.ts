import type { TestDataSourceResponse } from '@grafana/data';
import { AgentmonApiError, type GraphQLTransport } from './api';
import { execute } from './queries/context';

/** What /health answers. */
interface ApiHealth {
  status?: string;
  version?: string;
}

const COUNTS_QUERY = `query AgentmonHealth {
  users(first: 1) { totalCount }
  agents(first: 1) { totalCount }
  tools(first: 1) { totalCount }
  workflows(first: 1) { totalCount }
}`;

type Counts = Record<'users' | 'agents' | 'tools' | 'workflows', { totalCount: number }>;

const failure = (message: string, details?: string): TestDataSourceResponse => ({
  status: 'error',
  message,
  ...(details ? { details: { message: details } } : {}),
});

/**
 * The data source's "Save & test": reaches /health for the version (no token needed), then
 * /graphql with the token for counts, and says which step failed and why.
 */
export async function checkHealth(
  apiUrl: string | undefined,
  getHealth: () => Promise<ApiHealth>,
  send: GraphQLTransport
): Promise<TestDataSourceResponse> {
  if (!apiUrl) {
    return failure(
      'Set the API URL: the base URL of the Agentmon API as Grafana reaches it, e.g. http://agentmon:4000.'
    );
  }
  let health: ApiHealth;
  try {
    health = await getHealth();
  } catch (error) {
    return failure(`Cannot reach the Agentmon API at ${apiUrl}: ${(error as Error).message}`);
  }
  if (health?.status !== 'ok' || !health.version) {
    return failure(
      `${apiUrl}/health answered, but not as the Agentmon API does (expected {"status":"ok","version":…}): check the API URL.`
    );
  }
  let counts: Counts;
  try {
    counts = (await execute<Counts>(send, { query: COUNTS_QUERY, variables: {} })).data;
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof AgentmonApiError && error.code === 'UNAUTHENTICATED') {
      return failure(
        `Agentmon API ${health.version} rejected the API token (HTTP ${error.status ?? 401} UNAUTHENTICATED): set a valid token.`,
        message
      );
    }
    return failure(`Agentmon API ${health.version} is up, but its GraphQL query failed: ${message}`);
  }
  const summary = (['users', 'agents', 'tools', 'workflows'] as const)
    .map((kind) => `${counts[kind].totalCount} ${kind}`)
    .join(', ');
  const empty = Object.values(counts).every((c) => c.totalCount === 0);
  return {
    status: 'success',
    message: `Connected to Agentmon API ${health.version}: ${summary}.${
      empty ? " No events yet: send the first one (the app's Overview page shows how)." : ''
    }`,
  };
}
