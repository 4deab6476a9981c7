import { type ApiService, type ApiStateChange, stateChangesFrame, stateTimelineFrame } from './fleet';

const service = (serviceId: string, patch: Partial<ApiService> = {}): ApiService => ({
  serviceId,
  name: serviceId.toUpperCase(),
  type: 'WORKER',
  state: 'UP',
  heartbeatState: 'UP',
  version: null,
  lastHeartbeatAt: null,
  heartbeatAgeSeconds: null,
  lastHeartbeatMessage: null,
  lastProbeAt: null,
  lastProbeUp: null,
  lastProbeStatusCode: null,
  lastProbeResponseMs: null,
  lastProbeError: null,
  ...patch,
});
const change = (
  serviceId: string,
  at: number,
  source: ApiStateChange['source'],
  previousState: string,
  state: string
): ApiStateChange => ({
  at: new Date(at).toISOString(),
  source,
  previousState,
  state,
  reason: null,
  service: { serviceId, name: serviceId.toUpperCase() },
});

describe('fleet frames', () => {
  it('gives each service its combined state at the start, at each change and at the end', () => {
    const frame = stateTimelineFrame(
      [service('a', { lastProbeUp: false, state: 'DOWN' }), service('b')],
      [
        change('a', 2000, 'HEARTBEAT', 'UP', 'MISSING'),
        change('a', 3000, 'PROBE', 'UP', 'DOWN'),
        change('a', 5000, 'HEARTBEAT', 'MISSING', 'UP'),
      ],
      1000,
      9000,
      'S'
    );
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'A', 'B']);
    expect(frame.fields[0].values).toEqual([1000, 2000, 3000, 5000, 9000]);
    // Before: heartbeats UP and the probe UP (the previous state of its first change).
    expect(frame.fields[1].values).toEqual(['UP', 'MISSING', 'DOWN', 'DOWN', 'DOWN']);
    // No change in the range: the state it has now, across it.
    expect(frame.fields[2].values).toEqual(['UP', null, null, null, 'UP']);
  });

  it('gives state changes as annotation fields', () => {
    const frame = stateChangesFrame([{ ...change('a', 2000, 'PROBE', 'UP', 'DOWN'), reason: 'HTTP 503' }], 'Anno');
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'title', 'text', 'tags', 'serviceId', 'state']);
    expect(frame.fields.map((f) => f.values[0])).toEqual([
      2000,
      'A: DOWN',
      'probe: UP → DOWN (HTTP 503)',
      ['fleet', 'a', 'down'],
      'a',
      'DOWN',
    ]);
  });
});
