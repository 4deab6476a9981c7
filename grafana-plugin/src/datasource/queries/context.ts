import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import { describeGraphQLErrors, type GraphQLRequest, type GraphQLTransport, graphQLErrorsToError } from '../api';
import { API_INTERVALS, type ApiInterval, type QueryFilter } from '../types';

/** What every query type needs from the panel's request, already resolved. */
export interface QueryContext {
  refId: string;
  /** The panel's time range (request.range, so relative time and time shift apply), ISO. */
  from: string;
  to: string;
  /** The API interval picked from the panel's interval and max data points. */
  interval: ApiInterval;
  /** An IANA zone for "today" figures. */
  timezone: string;
  /** Lets Grafana cancel a superseded request. */
  requestId?: string;
}

const INTERVAL_SECONDS: Record<ApiInterval, number> = {
  '1m': 60,
  '5m': 300,
  '10m': 600,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '6h': 21600,
  '12h': 43200,
  '1d': 86400,
};

/**
 * The smallest API interval no finer than the panel's: Grafana's interval (which already follows
 * max data points and the min interval) and range / maxDataPoints, whichever is coarser.
 */
export function pickInterval(intervalMs: number, rangeMs: number, maxDataPoints?: number): ApiInterval {
  const wantedSeconds = Math.max(intervalMs, maxDataPoints ? rangeMs / maxDataPoints : 0) / 1000;
  return API_INTERVALS.find((i) => INTERVAL_SECONDS[i] >= wantedSeconds) ?? '1d';
}

/** The query's own interval, or the panel's when it says auto (or nothing). */
export function resolveInterval(query: { interval?: ApiInterval | 'auto' }, ctx: QueryContext): ApiInterval {
  return query.interval && query.interval !== 'auto' ? query.interval : ctx.interval;
}

/** The zone "today" is counted in: Grafana's "browser" and "" mean the browser's own zone. */
export function resolveTimezone(timezone: string | undefined): string {
  if (!timezone || timezone === 'browser') {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }
  return timezone === 'utc' ? 'UTC' : timezone;
}

/** The filter with empty keys dropped; undefined when nothing is left (no filter argument). */
export function compactFilter(filter: QueryFilter | undefined): QueryFilter | undefined {
  const entries = Object.entries(filter ?? {}).filter(([, values]) => values && values.length > 0);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Declares only the variables that have a value: GraphQL rejects declared but unused
 * variables, and an absent optional argument takes the API's default.
 */
export function declareVariables(
  types: Record<string, string>,
  values: Record<string, unknown>
): { declarations: string; variables: Record<string, unknown>; has: (name: string) => boolean } {
  const present = Object.keys(types).filter((name) => values[name] !== undefined);
  return {
    declarations: present.length ? `(${present.map((name) => `$${name}: ${types[name]}`).join(', ')})` : '',
    variables: Object.fromEntries(present.map((name) => [name, values[name]])),
    has: (name) => present.includes(name),
  };
}

/** `name: $name` for each present variable, as an argument list. */
export function argumentList(names: string[], has: (name: string) => boolean, rename: Record<string, string> = {}) {
  const args = names.filter(has).map((name) => `${rename[name] ?? name}: $${name}`);
  return args.length ? `(${args.join(', ')})` : '';
}

export interface Executed<T> {
  data: T;
  /** GraphQL errors that came with partial data: shown on the frames, not thrown. */
  notices: QueryResultMetaNotice[];
}

/** Sends a request; GraphQL errors without data throw, errors beside data become notices. */
export async function execute<T = Record<string, unknown>>(
  send: GraphQLTransport,
  request: GraphQLRequest,
  requestId?: string
): Promise<Executed<T>> {
  const response = await send(request, requestId);
  const errors = response.errors ?? [];
  if (!response.data) {
    throw graphQLErrorsToError(errors.length ? errors : [{ message: 'The API answered without data' }]);
  }
  const notices: QueryResultMetaNotice[] = errors.length
    ? [{ severity: 'warning', text: `Partial data: ${describeGraphQLErrors(errors)}` }]
    : [];
  return { data: response.data as T, notices };
}

export function withNotices(frames: DataFrame[], notices: QueryResultMetaNotice[]): DataFrame[] {
  if (notices.length === 0) {
    return frames;
  }
  return frames.map((frame) => ({
    ...frame,
    meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), ...notices] },
  }));
}
