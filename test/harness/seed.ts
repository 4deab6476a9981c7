import { ADMIN_TOKEN, startApi, type TestApi } from '../../graphql-api/test/support/api';
import { runSimulation } from '../../simulator/src/run';
import { DEFAULT_WORLD } from '../../simulator/src/world';

const HOUR_MS = 3_600_000;
/** A day of history is enough for every page's "last hour", "today" and "last 7 days". */
const HISTORY_MS = 24 * HOUR_MS;
const SEED = 20_251_126;

export interface SeededApi {
  api: TestApi;
  token: string;
  /** The last moment of simulated activity: nothing happens after it. */
  historyEnd: Date;
  events: number;
  /** Stops the API's jobs (health probes of registered services) and the API. */
  close(): Promise<void>;
}

/**
 * The real API on a fresh MariaDB database, filled with a day of the simulator's activity through
 * `ingest`, its jobs running.
 */
export async function startSeededApi(): Promise<SeededApi> {
  const api = await startApi('mysql', {}, 'browser');
  try {
    const result = await runSimulation(
      {
        ...DEFAULT_WORLD,
        seed: SEED,
        url: `${api.url}/graphql`,
        token: ADMIN_TOKEN,
        rate: 0,
        durationSeconds: 0,
        backfillMs: HISTORY_MS,
        batchSize: 1000,
        single: false,
      },
      { log: () => undefined }
    );
    if (result.tally.rejectedTotal > 0)
      throw new Error(`the API rejected ${result.tally.rejectedTotal} simulated events`);
    // Its jobs run as in production (main.ts), so services a test registers are probed.
    const stopJobs = api.services.startJobs();
    return {
      api,
      token: ADMIN_TOKEN,
      historyEnd: result.historyEnd,
      events: result.historyEvents,
      async close() {
        await stopJobs();
        await api.close();
      },
    };
  } catch (error) {
    await api.close();
    throw error;
  }
}
