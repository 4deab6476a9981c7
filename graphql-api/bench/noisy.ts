import './production';
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startServer } from '../src/app/server';
import { createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import { createTestDatabase } from '../test/support/api';
import { heaviestQuery, measureNeighbour, seedHistory } from '../test/support/noisy';

const HELP = `npm run bench:noisy -- [options]
  The noisy neighbour: starts the API in this process with its default limits on a fresh
  database, seeds agent executions of many users over the last 2,000 minutes, then measures a
  cheap query's latency alone, and again while clients send back to back the heaviest request
  the limits allow (per-minute charts of p99 per user over 2,000 minutes, as many as
  QUERY_MAX_COST admits). Writes bench/results/noisy-<date>.json and prints the figures.

  --db sqlite       sqlite (a temporary file) or mysql (a fresh database on the tests' server,
                    AGENTMON_TEST_MYSQL_URL or mysql://root@127.0.0.1:3306)
  --seconds 15      seconds of each phase
  --clients 4       heavy clients
  --users 200       users to spread the events over
  --events 50000    agent executions to seed
`;

const TOKEN = 'bench-admin-token-0123456789';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      seconds: { type: 'string', default: '15' },
      clients: { type: 'string', default: '4' },
      users: { type: 'string', default: '200' },
      events: { type: 'string', default: '50000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  if (values.db !== 'sqlite' && values.db !== 'mysql') throw new Error('--db must be sqlite or mysql');
  const db = await createTestDatabase(values.db, 'noisy');
  // The limits of the environment (the defaults unless set), except the rate limit: the point is
  // what one key may ask, not how often.
  const config = {
    ...loadConfig({ ...process.env, RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000' }),
    adminToken: TOKEN,
    database: db.config,
  };
  const services = createServices(config, pino({ level: 'silent' }));
  const server = await startServer(services, 0, '127.0.0.1');
  try {
    await services.database.start();
    const seeding = performance.now();
    await seedHistory(server.url, TOKEN, Number(values.users), 2000, Number(values.events));
    process.stdout.write(`seeded ${values.events} events in ${Math.round(performance.now() - seeding)} ms\n`);
    const heaviest = await heaviestQuery(server.url, TOKEN);
    const alone = await measureNeighbour(server.url, TOKEN, heaviest.query, 0, seconds);
    const oneHeavy = await measureNeighbour(server.url, TOKEN, heaviest.query, 1, seconds);
    const noisy = await measureNeighbour(server.url, TOKEN, heaviest.query, clients, seconds);
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      database: values.db,
      limits: { maxCost: config.limits.maxCost, requestTimeoutMs: config.limits.requestTimeoutMs },
      seeded: { events: Number(values.events), users: Number(values.users), minutes: 2000 },
      heaviest: { charts: heaviest.charts, clients },
      alone,
      oneHeavy,
      noisy,
    };
    const dir = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `noisy-${values.db}-${report.date.replace(/[:.]/g, '-').slice(0, 19)}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      `${values.db}: heaviest request = ${heaviest.charts} chart(s), ${clients} clients\n` +
        `cheap query alone:      p50 ${alone.cheap.p50} ms, p99 ${alone.cheap.p99} ms (${alone.cheap.count} requests)\n` +
        `one heavy client:       heavy p50 ${oneHeavy.heavy.p50} ms; cheap p50 ${oneHeavy.cheap.p50} ms, p99 ${oneHeavy.cheap.p99} ms\n` +
        `cheap query with noise: p50 ${noisy.cheap.p50} ms, p99 ${noisy.cheap.p99} ms, max ${noisy.cheap.max} ms (${noisy.cheap.count} requests, ${noisy.cheap.failed} failed)\n` +
        `heavy requests: ${noisy.heavy.count} done, p50 ${noisy.heavy.p50} ms, refused ${JSON.stringify(noisy.heavy.refused)}\n` +
        `report: ${file}\n`
    );
  } finally {
    await server.close();
    await services.database.stop();
    await db.drop();
  }
}

void main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
