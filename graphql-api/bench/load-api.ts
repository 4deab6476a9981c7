import './production';
import 'reflect-metadata';
import pino from 'pino';
import { startServer } from '../src/app/server';
import { createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import { QueryCount } from './query-count';

/**
 * A second API process for the load bench's two-writer phase: the same API on the same database,
 * started by load.ts with fork(). It answers "take" with the statements it ran and the CPU time it
 * used since the last take, and "stop" by closing.
 */
export interface ApiProcessStart {
  databaseUrl: string;
  token: string;
}

export interface ApiProcessTake {
  statements: Record<string, number>;
  cpuMs: number;
}

process.once('message', async ({ databaseUrl, token }: ApiProcessStart) => {
  const config = {
    ...loadConfig({ RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000' }),
    adminToken: token,
    database: { kind: 'mysql' as const, url: databaseUrl },
  };
  const services = createServices(config, pino({ level: 'warn' }));
  const api = await startServer(services, 0, '127.0.0.1');
  await services.database.start();
  const queries = new QueryCount(services.dataSource);
  let cpu = process.cpuUsage();
  process.on('message', async (message: 'take' | 'stop') => {
    if (message === 'take') {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      process.send!({ statements: queries.take(), cpuMs: (used.user + used.system) / 1000 } satisfies ApiProcessTake);
    } else {
      await api.close();
      await services.database.stop();
      process.disconnect();
    }
  });
  process.send!({ url: api.url });
});
