import { ADMIN_TOKEN, startApi, TestApi } from './support/api';
import { heaviestQuery, measureNeighbour, seedHistory } from './support/noisy';

/**
 * While four clients send, back to back, the heaviest request the default limits allow, a cheap
 * query still answers: bench/noisy.ts (npm run bench:noisy) measured its p99 at 283 ms (p50
 * 16 ms; 78 ms alone) on SQLite on a 2-core machine shared with a load average of 11 to 16. This
 * asserts under 3 s, ten times that, for slower CI machines; before the request budget, the
 * heaviest request allowed (30 such charts) starved it past the test's two minutes. SQLite is the
 * worst case: its statements run on the API's own thread.
 */
const CHEAP_P99_BOUND_MS = 3000;

describe('a noisy neighbour on sqlite', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', {}, 'noisy');
    await seedHistory(api.url, ADMIN_TOKEN, 100, 2000, 10_000);
  }, 180_000);
  afterAll(() => api.close());

  it('does not starve a cheap query', async () => {
    const heaviest = await heaviestQuery(api.url, ADMIN_TOKEN);
    const figures = await measureNeighbour(api.url, ADMIN_TOKEN, heaviest.query, 4, 6);
    expect(figures.cheap.failed).toBe(0);
    expect(figures.cheap.count).toBeGreaterThan(2);
    expect(figures.cheap.p99).toBeLessThan(CHEAP_P99_BOUND_MS);
    // The heavy requests ran too (or were told, with a code, to come back later).
    expect(figures.heavy.count + (figures.heavy.refused.TIMEOUT ?? 0)).toBeGreaterThan(0);
    expect(Object.keys(figures.heavy.refused).filter((code) => code !== 'TIMEOUT')).toEqual([]);
  }, 120_000);
});
