import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

/** A registered service as the API's `services` query gives it. */
export interface ApiService {
  serviceId: string;
  name: string;
  type: string;
  state: string;
  heartbeatState: string | null;
  version: string | null;
  lastHeartbeatAt: string | null;
  heartbeatAgeSeconds: number | null;
  lastHeartbeatMessage: string | null;
  lastProbeAt: string | null;
  lastProbeUp: boolean | null;
  lastProbeStatusCode: number | null;
  lastProbeResponseMs: number | null;
  lastProbeError: string | null;
}

export interface ApiStateChange {
  at: string;
  source: 'HEARTBEAT' | 'PROBE' | 'REGISTRY';
  state: string;
  previousState: string;
  reason: string | null;
  service: { serviceId: string; name: string };
}

export const SERVICE_SELECTION =
  '{ serviceId name type state heartbeatState version lastHeartbeatAt heartbeatAgeSeconds lastHeartbeatMessage lastProbeAt lastProbeUp lastProbeStatusCode lastProbeResponseMs lastProbeError }';
export const STATE_CHANGE_SELECTION = '{ at source state previousState reason service { serviceId name } }';

const time = (value: string | null) => (value ? Date.parse(value) : null);

/** The status grid: one row per service. */
export function servicesFrame(services: ApiService[], refId: string): DataFrame {
  const column = <T>(name: string, type: FieldType, value: (s: ApiService) => T, config: object = {}) => ({
    name,
    type,
    config,
    values: services.map(value),
  });
  return createDataFrame({
    refId,
    name: 'Services',
    fields: [
      column('Service', FieldType.string, (s) => s.name),
      column('serviceId', FieldType.string, (s) => s.serviceId),
      column('Type', FieldType.string, (s) => s.type),
      column('State', FieldType.string, (s) => s.state),
      column('Last heartbeat', FieldType.time, (s) => time(s.lastHeartbeatAt)),
      column('Heartbeat age', FieldType.number, (s) => s.heartbeatAgeSeconds, { unit: 's' }),
      column('Last probe', FieldType.time, (s) => time(s.lastProbeAt)),
      column('Response time', FieldType.number, (s) => s.lastProbeResponseMs, { unit: 'ms' }),
      column('HTTP status', FieldType.number, (s) => s.lastProbeStatusCode),
      column('Probe error', FieldType.string, (s) => s.lastProbeError),
      column('Version', FieldType.string, (s) => s.version),
    ],
  });
}

/** State changes as Grafana's annotation frame (time, title, text, tags), also readable as a table. */
export function stateChangesFrame(changes: ApiStateChange[], refId: string): DataFrame {
  return createDataFrame({
    refId,
    name: 'State changes',
    fields: [
      { name: 'time', type: FieldType.time, values: changes.map((c) => Date.parse(c.at)) },
      { name: 'title', type: FieldType.string, values: changes.map((c) => `${c.service.name}: ${c.state}`) },
      {
        name: 'text',
        type: FieldType.string,
        values: changes.map(
          (c) => `${c.source.toLowerCase()}: ${c.previousState} → ${c.state}${c.reason ? ` (${c.reason})` : ''}`
        ),
      },
      {
        name: 'tags',
        type: FieldType.other,
        values: changes.map((c) => ['fleet', c.service.serviceId, c.state.toLowerCase()]),
      },
      { name: 'serviceId', type: FieldType.string, values: changes.map((c) => c.service.serviceId) },
      { name: 'state', type: FieldType.string, values: changes.map((c) => c.state) },
    ],
  });
}

const SEVERITY = ['UP', 'DEGRADED', 'MISSING', 'DOWN'];

/** The service's state from what heartbeats and probes say, as the API combines them. */
function combined(heartbeat: string, probe: string, retired: boolean): string {
  if (retired) {
    return 'RETIRED';
  }
  const known = [heartbeat, probe].filter((state) => SEVERITY.includes(state));
  if (known.length === 0) {
    return 'UNKNOWN';
  }
  return known.reduce((worst, state) => (SEVERITY.indexOf(state) > SEVERITY.indexOf(worst) ? state : worst));
}

/**
 * Each service's state over [from, to] for the state timeline: one string field per service
 * with a value at the start, at each change and at the end (null between: the panel connects
 * them). The state before the first change of each source is that change's previous state; a
 * source without changes in the range keeps the state it has now.
 */
export function stateTimelineFrame(
  services: ApiService[],
  changes: ApiStateChange[],
  from: number,
  to: number,
  refId: string
): DataFrame {
  const sorted = [...changes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const times = [
    ...new Set([from, ...sorted.map((c) => Date.parse(c.at)).filter((t) => t >= from && t <= to), to]),
  ].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const fields = services.map((service) => {
    const own = sorted.filter((c) => c.service.serviceId === service.serviceId);
    const first = (source: ApiStateChange['source']) => own.find((c) => c.source === source);
    let heartbeat = first('HEARTBEAT')?.previousState ?? service.heartbeatState ?? 'UNKNOWN';
    let probe =
      first('PROBE')?.previousState ?? (service.lastProbeUp === null ? 'UNKNOWN' : service.lastProbeUp ? 'UP' : 'DOWN');
    let retired = first('REGISTRY') ? first('REGISTRY')!.previousState === 'RETIRED' : service.state === 'RETIRED';
    const values: Array<string | null> = times.map(() => null);
    values[0] = combined(heartbeat, probe, retired);
    for (const change of own) {
      if (change.source === 'HEARTBEAT') {
        heartbeat = change.state;
      } else if (change.source === 'PROBE') {
        probe = change.state;
      } else {
        retired = change.state === 'RETIRED';
      }
      const at = index.get(Date.parse(change.at));
      if (at !== undefined) {
        values[at] = combined(heartbeat, probe, retired);
      }
    }
    values[times.length - 1] = combined(heartbeat, probe, retired);
    return { name: service.name, type: FieldType.string, config: { displayNameFromDS: service.name }, values };
  });
  return createDataFrame({
    refId,
    name: 'Service states',
    fields: [{ name: 'time', type: FieldType.time, values: times }, ...fields],
  });
}
