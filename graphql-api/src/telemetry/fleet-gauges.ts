import { DataSource, IsNull } from 'typeorm';
import { ServiceState } from '../fleet/fleet-states';
import { Service } from '../fleet/service.entity';
import { serviceStateAt } from '../fleet/service-state';
import { Metrics } from './prometheus';

/** Services with series of their own; past it only the totals by state count them (bounded label values). */
export const SERVICE_SERIES_LIMIT = 200;
const COUNTED_STATES = [
  ServiceState.UP,
  ServiceState.DEGRADED,
  ServiceState.MISSING,
  ServiceState.DOWN,
  ServiceState.UNKNOWN,
];

/** Sets the fleet gauges from the registry, each service's state derived at `now` as the API derives it. */
export async function refreshFleetGauges(metrics: Metrics, dataSource: DataSource, now: number): Promise<void> {
  const services = await dataSource.getRepository(Service).find({
    select: {
      id: true,
      serviceId: true,
      type: true,
      heartbeatIntervalSeconds: true,
      lastHeartbeatAt: true,
      lastHeartbeatStatus: true,
      lastProbeUp: true,
      retiredAt: true,
    },
    where: { retiredAt: IsNull() },
    order: { id: 'ASC' },
  });
  resetFleetGauges(metrics);
  const totals = new Map(COUNTED_STATES.map((state) => [state, 0]));
  let series = 0;
  for (const service of services) {
    const state = serviceStateAt(service, now);
    totals.set(state, (totals.get(state) ?? 0) + 1);
    if (series++ >= SERVICE_SERIES_LIMIT) continue;
    if (state !== ServiceState.UNKNOWN) {
      metrics.serviceUp.set(
        { service: service.serviceId, type: service.type },
        state === ServiceState.UP || state === ServiceState.DEGRADED ? 1 : 0
      );
    }
    metrics.serviceHeartbeatIntervalSeconds.set({ service: service.serviceId }, service.heartbeatIntervalSeconds);
    if (service.lastHeartbeatAt)
      metrics.serviceHeartbeatAgeSeconds.set(
        { service: service.serviceId },
        Math.max(0, (now - service.lastHeartbeatAt.getTime()) / 1000)
      );
  }
  for (const [state, count] of totals) metrics.services.set({ state }, count);
}

/** No figure is better than a stale one: a retired or renamed service leaves no series behind. */
export function resetFleetGauges(metrics: Metrics): void {
  for (const gauge of [
    metrics.serviceUp,
    metrics.serviceHeartbeatAgeSeconds,
    metrics.serviceHeartbeatIntervalSeconds,
    metrics.services,
  ])
    gauge.reset();
}
