import 'reflect-metadata';
import { startServer } from './app/server';
import { createServices } from './app/services';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const services = createServices(config);
  const server = await startServer(services, config.port, config.host);
  const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.file}` : 'MySQL';
  services.logger.info({ url: `${server.url}/graphql`, database: where }, 'Agentmon API listening');
  process.stdout.write(`Agentmon API listening on ${server.url}/graphql (database: ${where})\n`);
  let stopJobs = async () => {};
  services.database
    .start()
    .then(() => {
      stopJobs = services.startJobs();
    })
    .catch((error: Error) => {
      process.stderr.write(`Agentmon API stopped: ${error.message}\n`);
      process.exit(1);
    });

  const shutdown = async (signal: string) => {
    services.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Probes under way are recorded before the database closes, while requests drain.
    const jobsStopped = stopJobs();
    await server.close();
    await jobsStopped;
    await services.database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
