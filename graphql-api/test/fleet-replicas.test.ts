import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { createTestDatabase, TestDatabase } from './support/api';
import { HealthEndpoints, startHealthEndpoints } from './support/health-endpoints';
import { Build, buildApi, RunningProcess, startApiProcess } from './support/process';

/**
 * Two API processes on one MariaDB database: each health endpoint is probed once per interval
 * in all, not once per replica, because a replica claims a probe with a conditional UPDATE.
 */
const TOKEN = 'replica-admin-token-0123456789';
const INTERVAL_S = 2;
const RUN_MS = 9000;

let build: Build;
let database: TestDatabase;
let endpoints: HealthEndpoints;
let workDir: string;
const replicas: RunningProcess[] = [];

const register = async (base: string, serviceId: string, healthEndpoint: string, probeIntervalSeconds: number) => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      query: 'mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }',
      variables: { s: { serviceId, name: serviceId, type: 'MCP_SERVER', healthEndpoint, probeIntervalSeconds } },
    }),
  });
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
};

const probesOf = async (serviceId: string) => {
  const connection = await mysql.createConnection((database.config as { url: string }).url);
  try {
    const [rows] = await connection.query(
      'SELECT p.up, p.error FROM health_probes p JOIN services s ON s.id = p.service_id WHERE s.external_id = ?',
      [serviceId]
    );
    return (rows as { up: number; error: string | null }[]).map((row) => ({ up: Boolean(row.up), error: row.error }));
  } finally {
    await connection.end();
  }
};

async function startReplica(): Promise<string> {
  const env = {
    DATABASE_URL: (database.config as { url: string }).url,
    AGENTMON_ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    HEALTH_PROBE_CHECK_MS: '20',
    HEALTH_PROBE_TIMEOUT_MS: '1500',
  };
  const { base, api } = await startApiProcess(build, env, workDir);
  replicas.push(api);
  return base;
}

beforeAll(async () => {
  build = await buildApi();
  database = await createTestDatabase('mysql', 'fleet_replicas');
  endpoints = await startHealthEndpoints();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-replicas-'));
}, 180_000);

afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  await endpoints.close();
  await database.drop();
  build.remove();
  fs.rmSync(workDir, { recursive: true, force: true });
});

it('probes each endpoint once per interval with two replicas on one database', async () => {
  // One after the other: the first creates the schema.
  const first = await startReplica();
  await startReplica();
  // From the first registration: a service is probed from when it registers.
  const started = Date.now();
  for (const name of ['healthy', 'slow', 'hanging', 'failing'])
    await register(first, name, `${endpoints.base}/${name}`, INTERVAL_S);
  await new Promise((resolve) => setTimeout(resolve, RUN_MS));
  for (const replica of replicas.splice(0)) expect(await replica.stop('SIGTERM')).toBe(0);
  const elapsed = Date.now() - started;

  for (const name of ['healthy', 'slow', 'hanging', 'failing']) {
    const hits = endpoints.hits.get(`/${name}`)!;
    // At most one probe per interval since registration, at least one per interval but the last.
    expect({ name, hits: hits.length }).toEqual({ name, hits: expect.any(Number) });
    expect(hits.length).toBeLessThanOrEqual(Math.floor(elapsed / (INTERVAL_S * 1000)) + 1);
    expect(hits.length).toBeGreaterThanOrEqual(Math.floor(RUN_MS / (INTERVAL_S * 1000)) - 1);
    for (let i = 1; i < hits.length; i++) expect(hits[i] - hits[i - 1]).toBeGreaterThan(INTERVAL_S * 1000 * 0.75);
    // Each hit recorded once, a probe under way at shutdown included.
    expect({ name, recorded: (await probesOf(name)).length }).toEqual({ name, recorded: hits.length });
  }
}, 120_000);

it('records the probe under way when a replica is stopped, before it closes the database', async () => {
  const base = await startReplica();
  await register(base, 'hanging-at-shutdown', `${endpoints.base}/hanging`, 60);
  const hits = endpoints.hits.get('/hanging')!;
  const before = hits.length;
  while (hits.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
  // SIGTERM while the endpoint holds the probe: it ends at the timeout and is recorded, then the process exits.
  expect(await replicas.pop()!.stop('SIGTERM')).toBe(0);
  expect(await probesOf('hanging-at-shutdown')).toEqual([{ up: false, error: 'no complete answer within 1500 ms' }]);
}, 60_000);
