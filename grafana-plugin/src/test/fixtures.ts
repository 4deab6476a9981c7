import {
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  dateTime,
  type ScopedVars,
} from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import type { GraphQLTransport } from '../datasource/api';
import { AgentmonDataSource } from '../datasource/DataSource';
import type { AgentmonOptions, AgentmonQuery } from '../datasource/types';
import { fakeTemplateSrv } from './templateSrv';

export const FROM = '2026-11-26T08:00:00.000Z';
export const TO = '2026-11-26T09:00:00.000Z';

export function instanceSettings(
  jsonData: AgentmonOptions = { apiUrl: 'http://agentmon:4000' }
): DataSourceInstanceSettings<AgentmonOptions> {
  return {
    id: 1,
    uid: 'agentmon-uid',
    type: 'agentmon-datasource',
    name: 'Agentmon',
    url: '/api/datasources/proxy/uid/agentmon-uid',
    access: 'proxy',
    jsonData,
    readOnly: false,
    meta: { id: 'agentmon-datasource' } as DataSourceInstanceSettings['meta'],
  };
}

export function createDataSource(send: GraphQLTransport, templateSrv: TemplateSrv = fakeTemplateSrv()) {
  return new AgentmonDataSource(instanceSettings(), templateSrv, send);
}

/** A panel's request over FROM..TO; Grafana's interval for 1 h at 1000 points is about 5 s. */
export function queryRequest<Q extends { refId: string } = AgentmonQuery>(
  targets: Q[],
  overrides: { intervalMs?: number; maxDataPoints?: number; timezone?: string; scopedVars?: ScopedVars } = {}
): DataQueryRequest<Q & AgentmonQuery> {
  const from = dateTime(FROM);
  const to = dateTime(TO);
  return {
    requestId: 'Q1',
    app: 'dashboard',
    interval: '5s',
    intervalMs: overrides.intervalMs ?? 5000,
    maxDataPoints: overrides.maxDataPoints ?? 1000,
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    scopedVars: overrides.scopedVars ?? {},
    targets: targets as Array<Q & AgentmonQuery>,
    timezone: overrides.timezone ?? 'utc',
    startTime: 0,
  };
}

/** A frame's fields as { name: values } for compact assertions. */
export function valuesOf(frame: DataFrame): Record<string, unknown[]> {
  return Object.fromEntries(frame.fields.map((f) => [f.name, [...f.values]]));
}

export function field(frame: DataFrame, name: string) {
  const found = frame.fields.find((f) => f.name === name);
  if (!found) {
    throw new Error(`no field ${name} in ${frame.fields.map((f) => f.name).join(', ')}`);
  }
  return found;
}
