import type { TestDataSourceResponse } from '@grafana/data';
import { AgentmonApiError, type GraphQLTransport } from './api';
import { execute } from './queries/context';

/** What /health answers. */
interface ApiHealth {
  status?: string;
  version?: string;
}

const VIEWER_QUERY = `query AgentmonViewer { viewer { role name expiresAt } }`;

const COUNTS_QUERY = `query AgentmonHealth {
  users(first: 1) { totalCount }
  agents(first: 1) { totalCount }
  tools(first: 1) { totalCount }
  workflows(first: 1) { totalCount }
}`;

type Counts = Record<'users' | 'agents' | 'tools' | 'workflows', { totalCount: number }>;

/** The key the data source holds, as the API describes it. */
export interface ApiViewer {
  role: 'ADMIN' | 'INGEST' | 'READ';
  name: string;
  expiresAt: string | null;
}

/**
 * Words for a key Grafana should not hold, or undefined for a READ key. Every member of the
 * organisation can query the data source with the key it stores, so its power is theirs.
 */
export function keyWarning(viewer: ApiViewer): string | undefined {
  const who = `Grafana holds an ${viewer.role} key ("${viewer.name}"), and every viewer of this organisation can use it through this data source`;
  const fix = 'Store a READ key instead: AGENTMON_GRAFANA_TOKEN on the API, or createApiKey(role: READ).';
  switch (viewer.role) {
    case 'ADMIN':
      return `${who}: anyone could create or revoke API keys and record events. ${fix}`;
    case 'INGEST':
      return `${who}: anyone could record events, and the pages cannot read with it. ${fix}`;
    default:
      return undefined;
  }
}

const describeKey = (viewer: ApiViewer) =>
  `${viewer.role} key "${viewer.name}"${viewer.expiresAt ? `, expires ${viewer.expiresAt}` : ''}`;

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
  let viewer: ApiViewer;
  try {
    viewer = (await execute<{ viewer: ApiViewer }>(send, { query: VIEWER_QUERY, variables: {} })).data.viewer;
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
  const warning = keyWarning(viewer);
  if (viewer.role === 'INGEST') {
    return failure(`Connected to Agentmon API ${health.version} with the ${describeKey(viewer)}. ${warning}`);
  }
  let counts: Counts;
  try {
    counts = (await execute<Counts>(send, { query: COUNTS_QUERY, variables: {} })).data;
  } catch (error) {
    return failure(`Agentmon API ${health.version} is up, but its GraphQL query failed: ${(error as Error).message}`);
  }
  const summary = (['users', 'agents', 'tools', 'workflows'] as const)
    .map((kind) => `${counts[kind].totalCount} ${kind}`)
    .join(', ');
  const empty = Object.values(counts).every((c) => c.totalCount === 0);
  const connected = `Connected to Agentmon API ${health.version} with the ${describeKey(viewer)}: ${summary}.${
    empty ? " No events yet: send the first one (the app's Overview page shows how)." : ''
  }`;
  return warning
    ? { status: 'warning', message: `${connected} ${warning}` }
    : { status: 'success', message: connected };
}
