import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/app/entities';
import { StatsService, minuteRange } from '../src/stats/stats.service';
import { signed, withinSpans } from '../src/rollups/rollup.reader';
import { StatsDimension, StatsMetric, METRICS } from '../src/rollups/catalogue';
import { StatsMeasure } from '../src/stats/stats.types';

async function main() {
  const db = process.argv[2];
  const ds = new DataSource({ type: 'mysql', url: `mysql://root@127.0.0.1:3306/${db}`, extra: { connectionLimit: 4 }, entities: ENTITIES });
  await ds.initialize();
  const stats = new StatsService(ds, 7);
  const to = new Date();
  const range = minuteRange({ from: new Date(to.getTime() - 30 * 86400000), to });
  const spans = stats.signedSpans(range);
  const time = async (label: string, f: () => Promise<unknown>) => {
    const t: number[] = [];
    let out: unknown;
    for (let i = 0; i < 25; i++) { const s = performance.now(); out = await f(); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    console.log(label, 'median', t[12].toFixed(2), 'min', t[0].toFixed(2), Array.isArray(out) ? out.length : '');
  };
  await time('full breakdown', () => stats.breakdown({ metric: StatsMetric.PLANS, by: StatsDimension.USER, measure: StatsMeasure.COUNT, range, limit: 10, histogram: false }));
  await time('summariesBy', () => stats.summariesBy(StatsMetric.PLANS, StatsDimension.USER, range));
  const value = signed(spans);
  const w = withinSpans(spans);
  const lean = () => ds.query(`SELECT dim_key, SUM(${value.of('n')}) AS n FROM rollups WHERE metric = ? AND dim = ? AND ${w.sql} GROUP BY dim_key ORDER BY NULL`, [...value.parameters, 'plans', 'user', ...w.parameters]);
  await time('lean', lean);
  const leanTop = () => ds.query(`SELECT dim_key, SUM(${value.of('n')}) AS n FROM rollups WHERE metric = ? AND dim = ? AND ${w.sql} GROUP BY dim_key ORDER BY n DESC LIMIT 30`, [...value.parameters, 'plans', 'user', ...w.parameters]);
  await time('leanTop', leanTop);
  console.log(JSON.stringify(spans));
  await ds.destroy();
}
main();
