import 'reflect-metadata';
import { startServer } from './app/server';
import { createServices } from './app/services';
import { ConfigError, loadConfig } from './config/config';
import { Demo, demoSettings, startDemo } from './simulator/demo';

async function main(): Promise<void> {
  const demo = demoSettings(process.argv, process.env);
  let config;
  try {
    config = loadConfig(demo?.env);
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
  let simulator: Demo | undefined;
  let stopJobs = () => {};
  services.database
    .start()
    .then(() => {
      stopJobs = services.startJobs();
      if (demo) simulator = startDemo(demo, `${server.url}/graphql`, config.adminToken!, services.logger);
    })
    .catch((error: Error) => {
      process.stderr.write(`Agentmon API stopped: ${error.message}\n`);
      process.exit(1);
    });

  const shutdown = async (signal: string) => {
    services.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await simulator?.stop();
    stopJobs();
    await server.close();
    await services.database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
