import './production';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { startServer } from '../src/app/server';
import { createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import { ApiProcess, startApiProcess } from './api-process';
import type { Phase, Sample } from './load-clients';
import { QueryCount } from './query-count';

const HELP = `npm run bench:load -- [options]
  Starts the API in this process on a fresh MariaDB/MySQL database and loads it over loopback from
  a child process: (a) batch ingestion from concurrent clients, then (b) the same with the clients
  spread over more API processes on the same database, then (c) single events at a fixed rate,
  then (d) OTLP trace exports (protobuf) from concurrent clients.
  Writes a JSON report to bench/results/load-<date>.json and prints a table.

  --duration 20     seconds of each measured phase (after a warm-up)
  --warmup 3        seconds of the same load before measuring each phase (not measured)
  --clients 4       concurrent batch clients
  --writers 2       API processes in phase (b), the clients taking turns over them (1: no phase b)
  --batch 500       events per batch (mixed kinds, from the test suite's seeded generator)
  --rate 200        single-event requests per second
  --spans 512       spans per OTLP export (the batch span processor's default)
  --mysql URL       server to create the database on (default mysql://root@127.0.0.1:3306)
  --only PHASES     run only these phases, comma-separated: "batch", "writers", "single", "otlp"
                    (e.g. --only otlp under node --cpu-prof to profile one phase, or --only batch,otlp
                    to compare API CPU per span with CPU per event in one run)
  --keep            keep the database afterwards
`;

const TOKEN = 'bench-admin-token-0123456789';
const TARGETS = { batchEventsPerSecond: 10_000, singleP99Ms: 25, otlpSpansPerSecond: 10_000 };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(at(1)) };
}

/** CPU time (ms) the local database server has used so far, from /proc; null when it is not on this machine. */
function databaseCpuMs(): number | null {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  for (const pid of fs.existsSync('/proc') ? fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)) : []) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'mariadbd' && comm !== 'mysqld') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

interface PhaseCpu {
  samples: Sample[];
  apiCpuMs: number;
  clientCpuMs: number;
  /** How late the load generator's own timers ran: a delay it adds to the latencies it measures. */
  clientEventLoopDelayMs: { p99: number; max: number };
  databaseCpuMs: number | null;
}

/**
 * Runs one phase from a child process; resolves with its samples and the CPU time this API
 * process, the clients and the database used meanwhile.
 */
function runPhase(phase: Phase): Promise<PhaseCpu> {
  return new Promise((resolve, reject) => {
    // No inherited flags: a --cpu-prof run profiles the API, not the load generator.
    const child = fork(path.join(__dirname, 'load-clients.js'), [], { execArgv: [], serialization: 'advanced' });
    const cpu = process.cpuUsage();
    const database = databaseCpuMs();
    child.once(
      'message',
      (message: {
        samples?: Sample[];
        cpuMs?: number;
        eventLoopDelayMs?: { p99: number; max: number };
        failure?: string;
      }) => {
        const used = process.cpuUsage(cpu);
        const databaseNow = databaseCpuMs();
        if (message.samples) {
          resolve({
            samples: message.samples,
            apiCpuMs: (used.user + used.system) / 1000,
            clientCpuMs: message.cpuMs!,
            clientEventLoopDelayMs: message.eventLoopDelayMs!,
            databaseCpuMs: database === null || databaseNow === null ? null : databaseNow - database,
          });
        } else reject(new Error(message.failure));
      }
    );
    child.once('error', reject);
    child.send(phase);
  });
}

/** Throughput, latency and API CPU time of one phase; events per second overall and the median of its seconds. */
function summarise(
  { samples, apiCpuMs, clientCpuMs, clientEventLoopDelayMs, databaseCpuMs }: PhaseCpu,
  durationMs: number
) {
  const seconds = Math.ceil(durationMs / 1000);
  const perSecond = Array.from({ length: seconds }, () => 0);
  for (const s of samples) if (s.doneMs < seconds * 1000) perSecond[Math.floor(s.doneMs / 1000)] += s.accepted;
  const errors = samples.filter((s) => s.error);
  const accepted = samples.reduce((sum, s) => sum + s.accepted, 0);
  // Requests still in flight when the phase ends are waited for: they count, over the longer time.
  const elapsedMs = Math.max(durationMs, ...samples.map((s) => s.doneMs));
  return {
    requests: samples.length,
    acceptedEvents: accepted,
    eventsPerSecond: round(accepted / (elapsedMs / 1000)),
    medianEventsPerSecond: percentiles(perSecond).p50,
    requestsPerSecond: round(samples.length / (elapsedMs / 1000)),
    latencyMs: percentiles(samples.map((s) => s.latencyMs)),
    // CPU the API process used (all its threads): per event, and as a share of one core.
    apiCpuMsPerEvent: round(apiCpuMs / Math.max(1, accepted), 3),
    apiCpuCores: round(apiCpuMs / elapsedMs, 2),
    // The same for the database server (when local) and the load generator, which share the machine.
    databaseCpuMsPerEvent: databaseCpuMs === null ? null : round(databaseCpuMs / Math.max(1, accepted), 3),
    databaseCpuCores: databaseCpuMs === null ? null : round(databaseCpuMs / elapsedMs, 2),
    clientCpuCores: round(clientCpuMs / elapsedMs, 2),
    clientEventLoopDelayMs: { p99: round(clientEventLoopDelayMs.p99), max: round(clientEventLoopDelayMs.max) },
    errors: errors.length,
    firstErrors: [...new Set(errors.map((s) => s.error))].slice(0, 5),
  };
}

async function serverStatus(url: string, names: string[]): Promise<Record<string, number>> {
  const connection = await mysql.createConnection(url);
  const [rows] = (await connection.query(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${names.map(() => '?').join(', ')})`,
    names
  )) as unknown as [{ Variable_name: string; Value: string }[]];
  await connection.end();
  return Object.fromEntries(rows.map((row) => [row.Variable_name, Number(row.Value)]));
}

/** The statements run since the last take, added up over this process and the others. */
async function takeStatements(queries: QueryCount, others: ApiProcess[]) {
  const total = queries.take();
  let otherCpuMs = 0;
  for (const other of others) {
    const taken = await other.take();
    otherCpuMs += taken.cpuMs;
    for (const [statement, n] of Object.entries(taken.statements)) total[statement] = (total[statement] ?? 0) + n;
  }
  return { statements: Object.fromEntries(Object.entries(total).sort((a, b) => b[1] - a[1])), otherCpuMs };
}

/**
 * One phase, with the lock trouble it met (server-wide), this API's event-loop delays and the SQL
 * statements all API processes ran per event. A ROLLBACK is a transaction given up: on valid
 * events, a deadlock victim or a unique-key race tried again, so it counts the retries.
 */
async function measure(phase: Phase, server: string, queries: QueryCount, others: ApiProcess[] = []) {
  const before = await serverStatus(server, ['Innodb_deadlocks', 'Innodb_row_lock_waits']);
  await takeStatements(queries, others);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const run = await runPhase(phase);
  loop.disable();
  const { statements, otherCpuMs } = await takeStatements(queries, others);
  const summary = summarise({ ...run, apiCpuMs: run.apiCpuMs + otherCpuMs }, phase.durationMs);
  const after = await serverStatus(server, ['Innodb_deadlocks', 'Innodb_row_lock_waits']);
  const perEvent = (n: number) => round(n / Math.max(1, summary.acceptedEvents), 3);
  return {
    ...summary,
    apiProcesses: 1 + others.length,
    retries: statements.ROLLBACK ?? 0,
    serverWide: {
      deadlocks: after.Innodb_deadlocks - before.Innodb_deadlocks,
      rowLockWaits: after.Innodb_row_lock_waits - before.Innodb_row_lock_waits,
    },
    // How late the API's event loop ran a timer (sampled every 5 ms): time in which no request moved.
    eventLoopDelayMs: {
      p50: round(loop.percentile(50) / 1e6),
      p99: round(loop.percentile(99) / 1e6),
      max: round(loop.max / 1e6),
    },
    queriesPerEvent: perEvent(Object.values(statements).reduce((sum, n) => sum + n, 0)),
    statementsPerEvent: Object.fromEntries(
      Object.entries(statements).map(([statement, n]) => [statement, perEvent(n)])
    ),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      clients: { type: 'string', default: '4' },
      writers: { type: 'string', default: '2' },
      batch: { type: 'string', default: '500' },
      rate: { type: 'string', default: '200' },
      spans: { type: 'string', default: '512' },
      mysql: { type: 'string', default: process.env.AGENTMON_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  const PHASES = ['batch', 'writers', 'single', 'otlp'];
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !PHASES.includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only takes ${PHASES.join(', ')}; got ${unknown.join(', ')}`);
  const runs = (name: string) => only === undefined || only.includes(name);
  const durationMs = Number(values.duration) * 1000;
  const server = values.mysql.replace(/\/$/, '');
  const name = `agentmon_load_${Date.now()}`;
  const admin = await mysql.createConnection(server);
  const [[{ version, pool }]] = (await admin.query(
    'SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool'
  )) as unknown as [{ version: string; pool: number }[]];
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();

  // The bench measures ingestion, not the per-key rate limit.
  const config = {
    ...loadConfig({ RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000' }),
    adminToken: TOKEN,
    database: { kind: 'mysql' as const, url: `${server}/${name}` },
  };
  const services = createServices(config, pino({ level: 'warn' }));
  const api = await startServer(services, 0, '127.0.0.1');
  await services.database.start();
  const queries = new QueryCount(services.dataSource);
  let others: ApiProcess[] = [];
  const phase = {
    urls: [api.url],
    token: TOKEN,
    clients: Number(values.clients),
    batchSize: Number(values.batch),
    rate: Number(values.rate),
    spansPerExport: Number(values.spans),
  };
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      database: version,
      databaseBufferPoolMiB: Math.round(Number(pool) / 2 ** 20),
      loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
    },
    method:
      'API in this process, load from a child process over loopback HTTP, fresh database. Batch phase: each client sends its next ' +
      'batch of mixed events (test/support/mixed.ts, times in the last minutes) when the previous one is answered; latency from send to full answer. ' +
      'Single phase: requests sent on a fixed schedule (open loop), latency from the scheduled time. Errors: HTTP or GraphQL errors, rejected events. ' +
      'OTLP phase: each client sends its next protobuf export (SDK spans of whole 8-span traces, encoded by the exporter\'s serializer) when the previous one is answered; its "events" are spans. ' +
      'Deadlocks and queries are counted server-wide (SHOW GLOBAL STATUS) and per statement in the API (TypeORM logger).',
    settings: {
      durationSeconds: durationMs / 1000,
      warmupSeconds: Number(values.warmup),
      clients: phase.clients,
      writers: Number(values.writers),
      batchSize: phase.batchSize,
      rate: phase.rate,
      spansPerExport: phase.spansPerExport,
    },
    targets: TARGETS,
  } as Record<string, unknown>;
  try {
    // The batch phases' warm-up (single events and OTLP have their own): --only otlp loads nothing else.
    if (runs('batch') || runs('writers')) {
      process.stderr.write(`warm-up: ${values.warmup} s of batches\n`);
      await runPhase({ ...phase, kind: 'batch', durationMs: Number(values.warmup) * 1000, seed: 1 });
      queries.take();
    }
    if (runs('batch')) {
      process.stderr.write(
        `batch phase: ${phase.clients} clients × ${phase.batchSize} events for ${durationMs / 1000} s\n`
      );
      report.batch = await measure({ ...phase, kind: 'batch', durationMs, seed: 1_000 }, server, queries);
    }
    if (runs('writers') && Number(values.writers) > 1) {
      others = await Promise.all(
        Array.from({ length: Number(values.writers) - 1 }, () =>
          startApiProcess({ databaseUrl: `${server}/${name}`, token: TOKEN })
        )
      );
      const writers = { ...phase, urls: [api.url, ...others.map((other) => other.url)] };
      process.stderr.write(
        `writers phase: ${phase.clients} clients over ${writers.urls.length} API processes for ${durationMs / 1000} s\n`
      );
      await runPhase({ ...writers, kind: 'batch', durationMs: Number(values.warmup) * 1000, seed: 4_000 });
      report.writers = await measure({ ...writers, kind: 'batch', durationMs, seed: 5_000 }, server, queries, others);
    }
    if (runs('single')) {
      // Its own warm-up: the single mutations' documents, resolvers and connections are cold after the batches.
      await runPhase({ ...phase, kind: 'single', durationMs: Number(values.warmup) * 1000, seed: 3_000 });
      queries.take();
      process.stderr.write(`single phase: ${phase.rate} requests/s for ${durationMs / 1000} s\n`);
      report.single = await measure({ ...phase, kind: 'single', durationMs, seed: 2_000 }, server, queries);
    }
    if (runs('otlp')) {
      await runPhase({ ...phase, kind: 'otlp', durationMs: Number(values.warmup) * 1000, seed: 7_000 });
      queries.take();
      process.stderr.write(
        `OTLP phase: ${phase.clients} clients × ${phase.spansPerExport} spans (protobuf) for ${durationMs / 1000} s\n`
      );
      report.otlp = await measure({ ...phase, kind: 'otlp', durationMs, seed: 6_000 }, server, queries);
    }
    (report.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg().map((n) => round(n, 2));
  } finally {
    await Promise.all(others.map((other) => other.stop()));
    await api.close();
    await services.database.stop();
    if (!values.keep) {
      const cleanup = await mysql.createConnection(server);
      await cleanup.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await cleanup.end();
    }
  }
  const dir = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${(report.date as string).slice(0, 19).replace(/[:T]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report);
  process.stdout.write(`\nReport: ${path.relative(process.cwd(), file)}\n`);
}

function printTable(report: Record<string, any>) {
  const { batch, writers, single, otlp, settings } = report;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const row = (name: string, r: any, target: string) =>
    `| ${name} | ${r.requests} | ${r.eventsPerSecond} (${r.medianEventsPerSecond}) | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.errors} | ${r.apiCpuMsPerEvent} | ${r.databaseCpuMsPerEvent ?? 'n/a'} | ${target} |`;
  const lines = [
    '| phase | requests | events/s (median of seconds) | p50 ms | p99 ms | max ms | errors | API CPU ms/event | DB CPU ms/event | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  if (batch)
    lines.push(
      row(
        `batch (${settings.clients} × ${settings.batchSize})`,
        batch,
        `≥ ${TARGETS.batchEventsPerSecond} events/s: ${verdict(batch.eventsPerSecond >= TARGETS.batchEventsPerSecond)}`
      )
    );
  if (writers)
    lines.push(
      row(
        `batch over ${writers.apiProcesses} API processes (${settings.clients} × ${settings.batchSize})`,
        writers,
        batch ? `${round(writers.eventsPerSecond / batch.eventsPerSecond, 2)}× one process` : ''
      )
    );
  if (single)
    lines.push(
      row(
        `single (${settings.rate}/s)`,
        single,
        `p99 ≤ ${TARGETS.singleP99Ms} ms: ${verdict(single.latencyMs.p99 <= TARGETS.singleP99Ms)}`
      )
    );
  // An OTLP row's events are spans.
  if (otlp)
    lines.push(
      row(
        `OTLP spans (${settings.clients} × ${settings.spansPerExport})`,
        otlp,
        `≥ ${TARGETS.otlpSpansPerSecond} spans/s: ${verdict(otlp.eventsPerSecond >= TARGETS.otlpSpansPerSecond)}`
      )
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const [name, r] of Object.entries({ batch, writers, single, otlp }).filter(([, r]) => r)) {
    const statements = Object.entries(r.statementsPerEvent as Record<string, number>)
      .slice(0, 12)
      .map(([statement, n]) => `  ${n.toFixed(3).padStart(7)}  ${statement}`);
    process.stdout.write(
      `\n${name} phase: ${r.queriesPerEvent} SQL statements per accepted event; deadlocks (server-wide) ${r.serverWide.deadlocks}; retries ${r.retries}. Most frequent:\n${statements.join('\n')}\n`
    );
  }
  const errors = [
    ...(batch?.firstErrors ?? []),
    ...(writers?.firstErrors ?? []),
    ...(single?.firstErrors ?? []),
    ...(otlp?.firstErrors ?? []),
  ];
  if (errors.length) process.stdout.write(`\nErrors: ${JSON.stringify(errors)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
