import 'reflect-metadata';
import { buildHost, ensurePluginBuilt } from './build';
import { startSeededApi } from './seed';
import { startHarnessServer } from './server';

/** `npm run serve -w test`: the harness with seeded data, to open in a browser by hand (Ctrl-C stops it). */
async function serve(): Promise<void> {
  ensurePluginBuilt();
  await buildHost();
  const seeded = await startSeededApi();
  const server = await startHarnessServer([
    {
      uid: 'agentmon',
      name: 'Agentmon',
      isDefault: true,
      jsonData: { apiUrl: seeded.api.url },
      secureJsonData: { apiToken: seeded.token },
    },
  ]);
  console.log(`${seeded.events} simulated events up to ${seeded.historyEnd.toISOString()}`);
  console.log(`Open ${server.url}/a/agentmon-app/overview (the API is at ${seeded.api.url})`);
  process.once('SIGINT', async () => {
    await server.close();
    await seeded.close();
    process.exit(0);
  });
}

serve().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
