import { DIALECTS, startApi, TestApi } from './support/api';

// The fleet registry and heartbeats through GraphQL over HTTP: roles, bad input (coded errors,
// nothing written), and states derived from the time, which the test moves instead of waiting.

const SERVICE_FIELDS = `serviceId name type url healthEndpoint version labels { key value } heartbeatIntervalSeconds probeIntervalSeconds
  state heartbeatState heartbeatAgeSeconds lastHeartbeatAt lastHeartbeatStatus lastHeartbeatMessage retiredAt`;
const REGISTER = `mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { ${SERVICE_FIELDS} } }`;
const HEARTBEAT = `mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { state lastHeartbeatAt lastHeartbeatStatus version } }`;
const SERVICE = `query($id: String!) { service(serviceId: $id) { ${SERVICE_FIELDS} } }`;
const CHANGES = `query($r: TimeRangeInput, $id: String) { serviceStateChanges(range: $r, serviceId: $id) { id at source state previousState reason service { serviceId } } }`;

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const S = 1000;

describe.each(DIALECTS)('fleet registry and heartbeats (%s)', (dialect) => {
  let api: TestApi;
  let now = T0;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'fleet_registry', { clock: () => now });
    for (const role of ['INGEST', 'READ'] as const) {
      tokens[role] = (
        await api.data<{ createApiKey: { token: string } }>(
          `mutation($r: Role!) { createApiKey(name: "k", role: $r) { token } }`,
          { r: role }
        )
      ).createApiKey.token;
    }
  });
  afterAll(() => api.close());

  const count = async (table: string) =>
    Number((await api.services.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('registers, updates and retires a service with an INGEST key; a READ key reads but may not register', async () => {
    const service = {
      serviceId: 'planner-svc',
      name: 'Planner service',
      type: 'AGENT_SERVICE',
      url: 'http://planner.internal:8080/',
      healthEndpoint: 'http://127.0.0.1:9/health',
      version: '1.4.2',
      labels: [{ key: 'team', value: 'core' }],
      heartbeatIntervalSeconds: 15,
    };
    const forbidden = await api.gql(REGISTER, { s: service }, tokens.READ);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count('services')).toBe(0);

    // An INGEST key gets the id back; the rest is read with a READ key.
    const registered = await api.gql(
      `mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }`,
      { s: service },
      tokens.INGEST
    );
    expect(registered.errors).toBeUndefined();
    expect((await api.gql(SERVICE, { id: 'planner-svc' }, tokens.READ)).data!.service).toMatchObject({
      serviceId: 'planner-svc',
      type: 'AGENT_SERVICE',
      version: '1.4.2',
      labels: [{ key: 'team', value: 'core' }],
      heartbeatIntervalSeconds: 15,
      probeIntervalSeconds: 30,
      state: 'UNKNOWN',
      heartbeatState: null,
    });

    const read = await api.gql(SERVICE, { id: 'planner-svc' }, tokens.READ);
    expect(read.data!.service).toMatchObject({ name: 'Planner service', url: 'http://planner.internal:8080/' });

    const updated = await api.gql(
      `mutation { updateService(serviceId: "planner-svc", changes: { version: "1.5.0", labels: [] }) { id } }`,
      {},
      tokens.INGEST
    );
    expect(updated.errors).toBeUndefined();
    expect((await api.data(SERVICE, { id: 'planner-svc' })).service).toMatchObject({
      version: '1.5.0',
      labels: [],
      name: 'Planner service',
    });

    const retired = await api.gql(`mutation { retireService(serviceId: "planner-svc") { id } }`, {}, tokens.INGEST);
    expect(retired.errors).toBeUndefined();
    expect((await api.data(SERVICE, { id: 'planner-svc' })).service.state).toBe('RETIRED');
    const listed = await api.data(
      `{ active: services { serviceId } all: services(filter: { includeRetired: true }) { serviceId state } }`
    );
    expect(listed.active).toEqual([]);
    expect(listed.all).toEqual([{ serviceId: 'planner-svc', state: 'RETIRED' }]);

    const heartbeatWhileRetired = await api.gql(HEARTBEAT, { e: { serviceId: 'planner-svc' } });
    expect(heartbeatWhileRetired.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'event.serviceId',
    });

    // Registering again brings it back.
    expect((await api.data(REGISTER, { s: service })).registerService.state).toBe('UNKNOWN');
  });

  it('refuses bad registrations with the field at fault, writing nothing', async () => {
    const before = await count('services');
    const cases: [Record<string, unknown>, string][] = [
      [{ healthEndpoint: 'ftp://127.0.0.1/health' }, 'service.healthEndpoint'],
      [{ healthEndpoint: 'http://user:secret@127.0.0.1/health' }, 'service.healthEndpoint'],
      [{ url: 'not a url' }, 'service.url'],
      [{ labels: [{ key: 'bad key', value: 'x' }] }, 'service.labels[0].key'],
      [
        {
          labels: [
            { key: 'a', value: 'x' },
            { key: 'a', value: 'y' },
          ],
        },
        'service.labels[1].key',
      ],
      [{ heartbeatIntervalSeconds: 0 }, 'service.heartbeatIntervalSeconds'],
      [{ probeIntervalSeconds: 2 }, 'service.probeIntervalSeconds'], // not longer than the 5 s probe timeout
      [{ serviceId: 'has space' }, 'service.serviceId'],
      [{ name: '   ' }, 'service.name'],
    ];
    for (const [fields, field] of cases) {
      const response = await api.gql(REGISTER, { s: { serviceId: 'bad-one', name: 'Bad', type: 'WORKER', ...fields } });
      expect({ fields, extensions: response.errors?.[0].extensions }).toEqual({
        fields,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      });
    }
    const unknown = await api.gql(`mutation { updateService(serviceId: "nope", changes: { version: "2" }) { id } }`);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'serviceId' });
    expect(await count('services')).toBe(before);
  });

  it('refuses a heartbeat of an unknown service or from the far future, writing nothing', async () => {
    const unknown = await api.gql(
      `mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { id } }`,
      { e: { serviceId: 'ghost' } },
      tokens.INGEST
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'event.serviceId' });
    await api.data(REGISTER, { s: { serviceId: 'skewed', name: 'Skewed', type: 'WORKER' } });
    const future = await api.gql(HEARTBEAT, {
      e: { serviceId: 'skewed', at: new Date(now + 10 * 60 * S).toISOString() },
    });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'event.at' });
    expect(await count('service_heartbeats')).toBe(0);
    expect(await count('service_state_changes')).toBe(2); // the retirement and registration above, nothing else
    expect(
      Number(
        (
          await api.services.dataSource.query(`SELECT COUNT(*) AS n FROM rollups WHERE metric = 'service_heartbeats'`)
        )[0].n
      )
    ).toBe(0);
    // A little skew is normal and accepted.
    expect(
      (await api.data(HEARTBEAT, { e: { serviceId: 'skewed', at: new Date(now + 30 * S).toISOString() } }))
        .recordHeartbeat.state
    ).toBe('UP');
  });

  it('derives UP, MISSING, DOWN and back from the time since the last heartbeat, and records the changes', async () => {
    now = T0 + 3600 * S;
    const start = now;
    await api.data(REGISTER, {
      s: { serviceId: 'worker-1', name: 'Worker 1', type: 'WORKER', heartbeatIntervalSeconds: 10 },
    });
    const state = async () => (await api.data(SERVICE, { id: 'worker-1' })).service;

    expect((await api.data(HEARTBEAT, { e: { serviceId: 'worker-1' } })).recordHeartbeat.state).toBe('UP');
    now = start + 9 * S; // on time
    expect(await state()).toMatchObject({ state: 'UP', heartbeatAgeSeconds: 9 });
    now = start + 10 * S; // exactly one interval: still on time
    expect((await state()).state).toBe('UP');
    now = start + 11 * S; // late
    expect((await state()).state).toBe('MISSING');
    now = start + 30 * S;
    expect((await state()).state).toBe('MISSING');
    now = start + 31 * S; // three intervals without one
    expect((await state()).state).toBe('DOWN');
    const overdue = (await api.data(CHANGES, { id: 'worker-1', r: { from: new Date(start).toISOString() } }))
      .serviceStateChanges;
    expect(overdue.map((c: any) => [c.id === null, c.previousState, c.state, c.at])).toEqual([
      [false, 'UNKNOWN', 'UP', new Date(start).toISOString()],
      [true, 'UP', 'MISSING', new Date(start + 10 * S + 1).toISOString()],
      [true, 'MISSING', 'DOWN', new Date(start + 30 * S + 1).toISOString()],
    ]);

    now = start + 40 * S; // back, degraded
    const back = await api.data(HEARTBEAT, {
      e: { serviceId: 'worker-1', status: 'DEGRADED', message: 'queue backlog', version: '2.0.1' },
    });
    expect(back.recordHeartbeat).toMatchObject({
      state: 'DEGRADED',
      lastHeartbeatStatus: 'DEGRADED',
      version: '2.0.1',
    });
    now = start + 45 * S;
    expect(await api.data(HEARTBEAT, { e: { serviceId: 'worker-1' } })).toMatchObject({
      recordHeartbeat: { state: 'UP' },
    });
    // A heartbeat from before the last one is counted but moves nothing back.
    await api.data(HEARTBEAT, {
      e: { serviceId: 'worker-1', at: new Date(start + 42 * S).toISOString(), status: 'DEGRADED' },
    });
    expect(await state()).toMatchObject({ state: 'UP', lastHeartbeatAt: new Date(start + 45 * S).toISOString() });

    const changes = (await api.data(CHANGES, { id: 'worker-1', r: { from: new Date(start).toISOString() } }))
      .serviceStateChanges;
    expect(changes.map((c: any) => [c.id === null, c.source, c.previousState, c.state, c.at, c.reason])).toEqual([
      [false, 'HEARTBEAT', 'UNKNOWN', 'UP', new Date(start).toISOString(), 'first heartbeat'],
      [
        false,
        'HEARTBEAT',
        'UP',
        'MISSING',
        new Date(start + 10 * S + 1).toISOString(),
        'no heartbeat for more than 10 s',
      ],
      [
        false,
        'HEARTBEAT',
        'MISSING',
        'DOWN',
        new Date(start + 30 * S + 1).toISOString(),
        'no heartbeat for more than 30 s',
      ],
      [false, 'HEARTBEAT', 'DOWN', 'DEGRADED', new Date(start + 40 * S).toISOString(), 'queue backlog'],
      [false, 'HEARTBEAT', 'DEGRADED', 'UP', new Date(start + 45 * S).toISOString(), 'heartbeat'],
    ]);
    expect(changes.every((c: any) => c.service.serviceId === 'worker-1')).toBe(true);

    // Heartbeats are counted in the rollups by status, per service.
    const summary = await api.data(
      `query($r: TimeRangeInput) { summary(metric: SERVICE_HEARTBEATS, range: $r, filter: { service: ["worker-1"] }) { count statuses { status count } } }`,
      {
        r: { from: new Date(start).toISOString(), to: new Date(start + 60 * S).toISOString() },
      }
    );
    expect(summary.summary.count).toBe(4);
    expect(summary.summary.statuses).toEqual(
      expect.arrayContaining([
        { status: 'HEALTHY', count: 2 },
        { status: 'DEGRADED', count: 2 },
      ])
    );
    // "skewed" sent its one heartbeat an hour ago: DOWN; worker-1 is UP; planner-svc never sent one.
    expect(await api.data(`{ services(filter: { state: [DEGRADED, MISSING, DOWN] }) { serviceId state } }`)).toEqual({
      services: [{ serviceId: 'skewed', state: 'DOWN' }],
    });
  });
});
