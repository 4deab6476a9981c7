import { at, INGEST, make, uid } from './events';

// The noisy-neighbour measurement, shared by its test (noisy-neighbour.test.ts) and its
// benchmark (bench/noisy.ts): while clients send the heaviest requests the limits allow, how
// long does a cheap query wait?

export const CHEAP_QUERY = '{ agents { totalCount } }';

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: { extensions?: { code?: string } }[]; data?: unknown },
  };
}

/**
 * Agent executions by `users` users over the last `minutes` minutes, so that charts grouped by
 * user over that range read full rollups (every minute, every user).
 */
export async function seedHistory(
  url: string,
  token: string,
  users: number,
  minutes: number,
  events: number
): Promise<void> {
  const now = Date.now();
  const base = new Date(now - minutes * 60_000).toISOString();
  const userIds = Array.from({ length: users }, () => uid('neighbour'));
  for (let start = 0; start < events; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, events - start) }, (_, i) => {
      const n = start + i;
      const offset = Math.floor(((n * 7919) % events) * ((minutes * 60_000) / events));
      return {
        agentExecution: make.agentExecution({
          userId: userIds[n % users],
          agent: `agent-${n % 20}`,
          startedAt: at(offset, base),
          finishedAt: at(offset + 500 + (n % 4000), base),
        }),
      };
    });
    const answer = await post(url, token, INGEST, { events: batch });
    if (answer.status !== 200 || answer.body.errors)
      throw new Error(`seeding failed: ${JSON.stringify(answer.body.errors ?? answer.status)}`);
  }
}

/** `count` charts of p99 duration per user, a bucket a minute over the last 1,998 minutes (2,000 points at most). */
export function chartsQuery(count: number): string {
  const to = new Date();
  const from = new Date(to.getTime() - 1998 * 60_000);
  const chart = (i: number) =>
    `c${i}: timeSeries(metric: AGENT_EXECUTIONS, measure: P99_DURATION_MS, interval: "1m", groupBy: USER, limit: 10, range: { from: "${from.toISOString()}", to: "${to.toISOString()}" }) { times series { key values } }`;
  return `{ ${Array.from({ length: count }, (_, i) => chart(i)).join(' ')} }`;
}

/** The heaviest such request the API accepts: the most charts within QUERY_MAX_COST. */
export async function heaviestQuery(url: string, token: string): Promise<{ query: string; charts: number }> {
  for (let charts = 30; charts > 0; charts--) {
    const query = chartsQuery(charts);
    const answer = await post(url, token, query);
    if (answer.body.errors?.[0]?.extensions?.code !== 'QUERY_TOO_COMPLEX') return { query, charts };
  }
  throw new Error('not even one chart fits QUERY_MAX_COST');
}

export interface NeighbourFigures {
  cheap: { count: number; p50: number; p99: number; max: number; failed: number };
  heavy: { count: number; p50: number; refused: Record<string, number> };
}

function quantile(sorted: number[], q: number): number {
  return sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 10) / 10
    : NaN;
}

/**
 * For `seconds`, `heavyClients` clients send `heavyQuery` back to back (none when 0, for the
 * baseline) while one client sends the cheap query every `cheapEveryMs`; returns the cheap
 * query's latency and what became of the heavy requests.
 */
export async function measureNeighbour(
  url: string,
  token: string,
  heavyQuery: string,
  heavyClients: number,
  seconds: number,
  cheapEveryMs = 20
): Promise<NeighbourFigures> {
  const until = Date.now() + seconds * 1000;
  const heavyMs: number[] = [];
  const refused: Record<string, number> = {};
  const heavy = Array.from({ length: heavyClients }, async () => {
    while (Date.now() < until) {
      const started = performance.now();
      const answer = await post(url, token, heavyQuery);
      const code = answer.body.errors?.[0]?.extensions?.code;
      if (code) refused[code] = (refused[code] ?? 0) + 1;
      else heavyMs.push(performance.now() - started);
    }
  });
  const cheapMs: number[] = [];
  let failed = 0;
  const cheap = (async () => {
    // Let the heavy clients get going first.
    await new Promise((resolve) => setTimeout(resolve, heavyClients ? 200 : 0));
    while (Date.now() < until) {
      const started = performance.now();
      const answer = await post(url, token, CHEAP_QUERY);
      if (answer.status === 200 && !answer.body.errors) cheapMs.push(performance.now() - started);
      else failed += 1;
      await new Promise((resolve) => setTimeout(resolve, cheapEveryMs));
    }
  })();
  await Promise.all([...heavy, cheap]);
  const sortedCheap = [...cheapMs].sort((a, b) => a - b);
  const sortedHeavy = [...heavyMs].sort((a, b) => a - b);
  return {
    cheap: {
      count: cheapMs.length,
      p50: quantile(sortedCheap, 0.5),
      p99: quantile(sortedCheap, 0.99),
      max: quantile(sortedCheap, 1),
      failed,
    },
    heavy: { count: heavyMs.length, p50: quantile(sortedHeavy, 0.5), refused },
  };
}
