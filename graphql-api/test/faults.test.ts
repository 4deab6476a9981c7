import { createTestDatabase, startApi, TestApi, TestDatabase } from './support/api';
import { at, BatchEvent, INGEST, make, singleDocument, uid } from './support/events';
import { killConnections, storedKeys } from './support/outages';
import { Observations, postWithRetry } from './support/retrying-client';
import { freePort, TcpProxy } from './support/tcp-proxy';

/**
 * Ingestion under database faults on MariaDB: concurrent clients send batches and single events
 * while the database link is cut (a TCP proxy between the API and MariaDB is stopped and started)
 * and the API's connections are killed. Clients retry 503 UNAVAILABLE and network errors with the
 * same events. Afterwards every event is stored exactly once, every failure was a clean 503, and
 * the API recovered by itself.
 */
const LOAD_MS = 22_000;
const BATCH_SIZE = 40;

type Table = 'agent_executions' | 'tool_executions' | 'login_sessions';
const KEY_COLUMN: Record<Table, string> = {
  agent_executions: 'request_id',
  tool_executions: 'request_id',
  login_sessions: 'external_id',
};

/** An event with a fresh id, of one of three kinds that each make one row keyed by that id. */
function uniqueEvent(n: number): { table: Table; key: string; event: BatchEvent } {
  const time = at(n * 1_000, new Date(Date.now() - 3_600_000).toISOString());
  switch (n % 3) {
    case 0: {
      const e = make.agentExecution({
        requestId: uid('fault-req'),
        agent: `agent-${n % 4}`,
        startedAt: time,
        finishedAt: null,
        durationMs: 1200,
      });
      return { table: 'agent_executions', key: e.requestId, event: { agentExecution: e } };
    }
    case 1: {
      const e = make.toolExecution({ requestId: uid('fault-call'), tool: `tool-${n % 3}`, startedAt: time });
      return { table: 'tool_executions', key: e.requestId, event: { toolExecution: e } };
    }
    default: {
      const e = make.login({ sessionId: uid('fault-sess'), userId: `user-${n % 7}`, at: time });
      return { table: 'login_sessions', key: e.sessionId, event: { login: e } };
    }
  }
}

describe('ingestion while MariaDB goes away and comes back', () => {
  let proxy: TcpProxy;
  let database: TestDatabase;
  let databaseName: string;
  let api: TestApi;

  beforeAll(async () => {
    proxy = new TcpProxy(await freePort());
    await proxy.start();
    database = await createTestDatabase('mysql', 'faults');
    if (database.config.kind !== 'mysql') throw new Error('expected a MySQL database');
    const viaProxy = new URL(database.config.url);
    databaseName = viaProxy.pathname.slice(1);
    viaProxy.port = String(proxy.port);
    api = await startApi('mysql', { database: { kind: 'mysql', url: viaProxy.toString() } }, 'faults', { database });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.stop();
    await database?.drop();
  });

  it('stores every event exactly once, fails only with 503 UNAVAILABLE, and recovers by itself', async () => {
    const seen = new Observations();
    const sent = new Map<Table, Set<string>>(Object.keys(KEY_COLUMN).map((t) => [t as Table, new Set<string>()]));
    const accepted = new Map<Table, Set<string>>(Object.keys(KEY_COLUMN).map((t) => [t as Table, new Set<string>()]));
    let rejected = 0;
    let counter = 0;
    const loadEnds = Date.now() + LOAD_MS;
    // Requests started before the load ends are retried until this deadline: the API must be back by then.
    const deadline = loadEnds + 25_000;

    const accept = (table: Table, key: string) => {
      if (accepted.get(table)!.has(key)) throw new Error(`${key} was answered "accepted" twice`);
      accepted.get(table)!.add(key);
    };

    async function batchClient() {
      while (Date.now() < loadEnds) {
        const events = Array.from({ length: BATCH_SIZE }, () => uniqueEvent(counter++));
        for (const { table, key } of events) sent.get(table)!.add(key);
        const answer = await postWithRetry(
          api.url,
          JSON.stringify({ query: INGEST, variables: { events: events.map((e) => e.event) } }),
          seen,
          deadline
        );
        for (const result of answer.body.data!.ingest.results as { index: number; accepted: boolean }[]) {
          if (result.accepted) accept(events[result.index].table, events[result.index].key);
          else rejected += 1;
        }
      }
    }

    async function singleClient() {
      while (Date.now() < loadEnds) {
        const { table, key, event } = uniqueEvent(counter++);
        const [kind, input] = Object.entries(event)[0] as [keyof typeof event, Record<string, unknown>];
        sent.get(table)!.add(key);
        const answer = await postWithRetry(
          api.url,
          JSON.stringify({ query: singleDocument(kind, 'id'), variables: { event: input } }),
          seen,
          deadline
        );
        if (Object.values(answer.body.data!)[0]?.id) accept(table, key);
        else rejected += 1;
      }
    }

    // /health must answer all along; /ready must say 503 at least once while the link is down.
    const probes = { healthFailures: 0, readyStatuses: new Set<number>() };
    async function prober() {
      while (Date.now() < loadEnds) {
        const health = await fetch(`${api.url}/health`).catch(() => null);
        if (health?.status !== 200) probes.healthFailures += 1;
        const ready = await fetch(`${api.url}/ready`).catch(() => null);
        if (ready) probes.readyStatuses.add(ready.status);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }

    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const killed: number[] = [];
    async function faults() {
      const outage = async (ms: number) => {
        await proxy.stop();
        await sleep(ms);
        await proxy.start();
      };
      await sleep(2_500);
      await outage(1_500);
      await sleep(2_000);
      killed.push(await killConnections(databaseName));
      await sleep(2_500);
      await outage(3_000);
      await sleep(2_000);
      killed.push(await killConnections(databaseName));
      await sleep(2_000);
      await outage(800);
    }

    await Promise.all([batchClient(), batchClient(), singleClient(), singleClient(), prober(), faults()]);

    // The faults really hit requests (else this test proves nothing).
    expect(seen.unavailable).toBeGreaterThan(0);
    expect(killed.every((n) => n > 0)).toBe(true);
    expect(probes.readyStatuses).toEqual(new Set([200, 503]));
    // Clean failures only, and the API process answered throughout.
    expect(seen.unclean).toEqual([]);
    expect(probes.healthFailures).toBe(0);
    expect(rejected).toBe(0);

    // /ready recovers without help.
    const readyBy = Date.now() + 15_000;
    while ((await fetch(`${api.url}/ready`)).status !== 200) {
      if (Date.now() > readyBy) throw new Error('/ready did not recover within 15 s of the last outage');
      await sleep(200);
    }

    // Every event sent was accepted in the end, and the database holds exactly those, once each.
    for (const [table, column] of Object.entries(KEY_COLUMN) as [Table, string][]) {
      const stored = await storedKeys(databaseName, table, column);
      const storedSet = new Set(stored);
      expect(stored.length).toBe(storedSet.size);
      expect({ table, missing: [...accepted.get(table)!].filter((key) => !storedSet.has(key)) }).toEqual({
        table,
        missing: [],
      });
      expect({ table, notAccepted: [...sent.get(table)!].filter((key) => !accepted.get(table)!.has(key)) }).toEqual({
        table,
        notAccepted: [],
      });
      expect(storedSet).toEqual(accepted.get(table));
    }
  });
});
