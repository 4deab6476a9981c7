import fs from 'node:fs';
import type { SeededApi } from '../../harness/seed';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { seededApi?: SeededApi }).seededApi?.close();
  const state = process.env.AGENTMON_BROWSER_STATE;
  if (state) {
    fs.rmSync(state, { force: true });
  }
}
