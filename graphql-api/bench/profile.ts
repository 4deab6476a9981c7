import './production';
import 'reflect-metadata';
import pino from 'pino';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { startServer } from '../src/app/server';
import { createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import type { Clock } from '@sinonjs/fake-timers';
import { clockAtActivityEnd, DRILL_DOWNS, PAGE_QUERIES, RANGES } from './pages';
import { readingRows } from './rows-read';

const HELP = `npm run bench:profile -- <database> <page> <range> [filter]
  Times one page request against a bench database (e.g. agentmon_bench_1000000) and lists every
  SQL statement it ran: when it started (ms into the request), how long it took, and its text;
  then runs each statement alone 20 times: its median time and the rows it reads, without the
  others running beside it.
  page: ${[...Object.keys(PAGE_QUERIES), ...Object.keys(DRILL_DOWNS)].map((name) => `"${name}"`).join(', ')}
  range: ${Object.keys(RANGES).join(', ')}; filter: JSON, e.g. '{"tool":["web_search_1"]}'
`;
const TOKEN = 'bench-admin-token-0123456789';

// Every statement TypeORM runs on MariaDB passes here.
const statements: { sql: string; parameters: Parameters<typeof query>[1]; start: number; ms: number }[] = [];
const query = MysqlQueryRunner.prototype.query;
MysqlQueryRunner.prototype.query = async function (this: MysqlQueryRunner, ...args: Parameters<typeof query>) {
  const start = performance.now();
  try {
    return await query.apply(this, args);
  } finally {
    statements.push({ sql: args[0], parameters: args[1], start, ms: performance.now() - start });
  }
} as typeof query;

async function main() {
  const [database, page, rangeName, filter] = process.argv.slice(2);
  const document = PAGE_QUERIES[page] ?? DRILL_DOWNS[page]?.query;
  const range = RANGES[rangeName as keyof typeof RANGES];
  if (!database || !document || !range) return void process.stdout.write(HELP);
  const config = {
    ...loadConfig({}),
    adminToken: TOKEN,
    database: { kind: 'mysql' as const, url: `mysql://root@127.0.0.1:3306/${database}` },
  };
  const services = createServices(config, pino({ level: 'warn' }));
  const api = await startServer(services, 0, '127.0.0.1');
  await services.database.start();
  let clock: Clock | undefined;
  try {
    clock = await clockAtActivityEnd(services.dataSource);
    const call = async () => {
      const to = new Date();
      const variables = {
        range: { from: new Date(to.getTime() - range.length), to },
        interval: range.interval,
        filter: filter ? JSON.parse(filter) : null,
      };
      statements.length = 0;
      const started = performance.now();
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: document, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { started, ms: performance.now() - started };
    };
    const times: number[] = [];
    // The first calls warm documents, resolvers and connections up; the last one is listed.
    for (let i = 0; i < 10; i++) times.push((await call()).ms);
    const { result, read } = await readingRows(services.dataSource, async () => ({
      ...(await call()),
      listed: statements.splice(0),
    }));
    const { started, listed } = result;
    for (const { sql, start, ms } of listed.sort((a, b) => a.start - b.start)) {
      process.stdout.write(
        `${(start - started).toFixed(1).padStart(7)} +${ms.toFixed(1).padStart(6)}  ${sql.replace(/\s+/g, ' ')}\n`
      );
    }
    process.stdout.write(
      `${listed.length} statements, ${read} rows read; the calls before took ${times.map((ms) => ms.toFixed(1)).join(', ')} ms\n`
    );
    process.stdout.write('Each alone (median of 20 runs, rows read):\n');
    for (const { sql, parameters } of listed.sort((a, b) => a.start - b.start)) {
      const alone: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await services.dataSource.query(sql, parameters);
        alone.push(performance.now() - started);
      }
      const rows = await readingRows(services.dataSource, () => services.dataSource.query(sql, parameters));
      const median = alone.sort((a, b) => a - b)[alone.length / 2];
      process.stdout.write(
        `${median.toFixed(1).padStart(7)} ms ${String(rows.read).padStart(7)} rows  ${sql.replace(/\s+/g, ' ')}\n`
      );
    }
  } finally {
    clock?.uninstall();
    await api.close();
    await services.database.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
