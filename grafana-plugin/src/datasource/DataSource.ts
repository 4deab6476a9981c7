import {
  type AnnotationSupport,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataLink,
  DataSourceApi,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { AgentmonApiError, createProxyTransport, fetchJson, type GraphQLTransport } from './api';
import { withTraceLinks, traceLink } from './frames/traceLinks';
import { checkHealth } from './healthCheck';
import { interpolateQuery } from './interpolate';
import { pickInterval, type QueryContext, resolveTimezone } from './queries/context';
import { runQuery } from './queries';
import { type AgentmonOptions, type AgentmonQuery, DEFAULT_QUERY, PROXY_ROUTE } from './types';
import { readOnlyTransport } from './readOnly';
import { AgentmonVariableSupport } from './variables';

/**
 * A frontend data source for the Agentmon GraphQL API. Every call goes through Grafana's data
 * source proxy (routes under `agentmon` in plugin.json), which adds the API token server-side,
 * and every GraphQL document is checked to be a query first (readOnly.ts).
 */
export class AgentmonDataSource extends DataSourceApi<AgentmonQuery, AgentmonOptions> {
  readonly apiUrl?: string;
  /** The proxy route's URL, e.g. /api/datasources/proxy/uid/<uid>/agentmon. */
  readonly proxyUrl: string;
  readonly send: GraphQLTransport;
  /** The link on trace id fields, from the trace link setting; null when none is set. */
  readonly traceLink: DataLink | null;

  /** Annotations use the query editor with the `annotations` query type. */
  annotations: AnnotationSupport<AgentmonQuery> = {
    prepareAnnotation: (annotation) => ({
      ...annotation,
      target: { queryType: 'annotations', annotation: 'failedRuns', ...annotation.target, refId: 'Anno' },
    }),
  };

  constructor(
    settings: DataSourceInstanceSettings<AgentmonOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv(),
    send?: GraphQLTransport
  ) {
    super(settings);
    this.apiUrl = settings.jsonData.apiUrl;
    this.traceLink = traceLink(settings.jsonData.traceLink);
    this.proxyUrl = `${settings.url ?? ''}/${PROXY_ROUTE}`;
    this.send = readOnlyTransport(send ?? createProxyTransport(this.proxyUrl));
    this.variables = new AgentmonVariableSupport(this);
  }

  getDefaultQuery(): Partial<AgentmonQuery> {
    return DEFAULT_QUERY;
  }

  /** The panel's range, interval and zone, resolved once for all its queries. */
  contextFor<Q extends DataQuery>(request: DataQueryRequest<Q>, refId: string): QueryContext {
    const { from, to } = request.range;
    return {
      refId,
      from: from.toISOString(),
      to: to.toISOString(),
      interval: pickInterval(request.intervalMs, to.valueOf() - from.valueOf(), request.maxDataPoints),
      timezone: resolveTimezone(request.timezone),
      requestId: request.requestId ? `${request.requestId}_${refId}` : undefined,
    };
  }

  interpolate(query: AgentmonQuery, scopedVars?: ScopedVars): AgentmonQuery {
    return interpolateQuery(query, this.templateSrv.replace.bind(this.templateSrv), scopedVars);
  }

  /** Used by Explore and query inspection to show queries as they are sent. */
  interpolateVariablesInQueries(queries: AgentmonQuery[], scopedVars: ScopedVars): AgentmonQuery[] {
    return queries.map((query) => this.interpolate(query, scopedVars));
  }

  /**
   * Runs each query on its own: a failing one reports its error (with the API's message and
   * code) under its refId while the others still return frames.
   */
  async query(request: DataQueryRequest<AgentmonQuery>): Promise<DataQueryResponse> {
    const errors: DataQueryError[] = [];
    const results = await Promise.all(
      request.targets
        .filter((target) => !target.hide)
        .map((target) =>
          runQuery(this.interpolate(target, request.scopedVars), this.contextFor(request, target.refId), this.send)
            .then((frames) => withTraceLinks(frames, this.traceLink))
            .catch((error: unknown): DataFrame[] => {
              errors.push(toQueryError(error, target.refId));
              return [];
            })
        )
    );
    return { data: results.flat(), errors };
  }

  testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.apiUrl, () => fetchJson(this.proxyUrl, '/health'), this.send);
  }
}

function toQueryError(error: unknown, refId: string): DataQueryError {
  if (error instanceof AgentmonApiError) {
    return { refId, message: error.message, status: error.status };
  }
  return { refId, message: error instanceof Error ? error.message : String(error) };
}
