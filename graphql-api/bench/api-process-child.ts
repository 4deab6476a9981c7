import './production';
import 'reflect-metadata';
import { PerformanceObserver } from 'node:perf_hooks';
import pino from 'pino';
import { startServer } from '../src/app/server';
import { createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import type { ApiProcessStart, ApiProcessTake, GcPause } from './api-process';
import { clockAtActivityEnd } from './pages';
import { QueryCount } from './query-count';

// An API process started by api-process.ts with fork(): the same API on the database it is given.
process.once('message', async ({ databaseUrl, token, atActivityEnd }: ApiProcessStart) => {
  const config = {
    ...loadConfig({ RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000' }),
    adminToken: token,
    database: { kind: 'mysql' as const, url: databaseUrl },
  };
  const services = createServices(config, pino({ level: 'warn' }));
  const api = await startServer(services, 0, '127.0.0.1');
  await services.database.start();
  const clock = atActivityEnd ? await clockAtActivityEnd(services.dataSource) : undefined;
  const queries = new QueryCount(services.dataSource);
  let cpu = process.cpuUsage();
  // Epoch times, comparable with the bench's own clock: a call's time can be set against its pauses.
  let gcPauses: GcPause[] = [];
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      gcPauses.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration });
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', async (message: 'take' | 'now' | 'stop') => {
    if (message === 'now') process.send!(Date.now());
    else if (message === 'take') {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const cpuMs = (used.user + used.system) / 1000;
      process.send!({ statements: queries.take(), cpuMs, gcPauses } satisfies ApiProcessTake);
      gcPauses = [];
    } else {
      clock?.uninstall();
      await api.close();
      await services.database.stop();
      process.disconnect();
    }
  });
  process.send!({ url: api.url });
});
