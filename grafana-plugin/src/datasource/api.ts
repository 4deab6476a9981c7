import { type BackendSrvRequest, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/** Sends one GraphQL request; `requestId` lets Grafana cancel a superseded one. */
export type GraphQLTransport = (request: GraphQLRequest, requestId?: string) => Promise<GraphQLResponse>;

/** A failed API call, worded for the panel: the API's own message and code when it sent them. */
export class AgentmonApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'AgentmonApiError';
  }
}

/** "CODE: message" for each GraphQL error, joined; the API's messages already name the field. */
export function describeGraphQLErrors(errors: GraphQLErrorEntry[]): string {
  return errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join('; ');
}

export function graphQLErrorsToError(errors: GraphQLErrorEntry[], status?: number): AgentmonApiError {
  return new AgentmonApiError(describeGraphQLErrors(errors), errors[0]?.extensions?.code, status);
}

/** Turns an HTTP failure of the proxy or the API into words a user can act on. */
export function describeHttpFailure(
  status: number | undefined,
  body: unknown,
  statusText = '',
  path = '/graphql'
): AgentmonApiError {
  const errors = (body as GraphQLResponse | undefined)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return graphQLErrorsToError(errors, status);
  }
  const detail = (body as { message?: string } | undefined)?.message ?? statusText;
  switch (status) {
    case 401:
    case 403:
      return new AgentmonApiError(
        `The API refused the token (HTTP ${status}). ${detail}`.trim(),
        'UNAUTHENTICATED',
        status
      );
    case 404:
      return new AgentmonApiError(
        `No Agentmon API at this URL (HTTP 404 for ${path}): set the API URL to its base, e.g. http://agentmon:4000, without /graphql.`,
        'NOT_FOUND',
        status
      );
    case 502:
    case 504:
      return new AgentmonApiError(
        `Grafana could not reach the API (HTTP ${status}${detail ? ` ${detail}` : ''}): check that it runs and that the API URL is right as seen from Grafana's server.`,
        'UNREACHABLE',
        status
      );
    default:
      return new AgentmonApiError(
        `The API answered HTTP ${status ?? 'error'}${detail ? `: ${detail}` : ''}`,
        status === undefined ? 'UNREACHABLE' : undefined,
        status
      );
  }
}

/** One call through Grafana's data source proxy; HTTP failures become AgentmonApiErrors. */
async function proxyFetch<T>(url: string, path: string, options: Partial<BackendSrvRequest> = {}): Promise<T> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({ url: `${url}${path}`, showErrorAlert: false, showSuccessAlert: false, ...options })
    );
    return response.data;
  } catch (error) {
    if (isFetchError(error)) {
      throw describeHttpFailure(error.status, error.data, error.statusText, path);
    }
    throw error;
  }
}

/**
 * The transport Grafana offers a frontend data source: its data source proxy, whose route
 * (plugin.json) adds the token from secureJsonData, so the token never reaches the browser.
 * `proxyUrl` is the instance URL plus the route, e.g. /api/datasources/proxy/uid/<uid>/agentmon.
 */
export function createProxyTransport(proxyUrl: string): GraphQLTransport {
  return (request, requestId) =>
    proxyFetch<GraphQLResponse>(proxyUrl, '/graphql', { method: 'POST', data: request, requestId });
}

/** GET of a plain JSON endpoint of the API (such as /health) through the same route. */
export function fetchJson<T>(proxyUrl: string, path: string): Promise<T> {
  return proxyFetch<T>(proxyUrl, path, { method: 'GET' });
}
