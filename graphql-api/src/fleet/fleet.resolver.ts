import { Arg, Ctx, Field, FieldResolver, Float, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Brackets } from 'typeorm';
import type { RequestContext } from '../app/context';
import { InputError } from '../common/errors';
import { TimeRangeInput } from '../stats/stats.types';
import { ServiceState, ServiceType, StateSource } from './fleet-states';
import { HealthProbe } from './health-probe.entity';
import { HeartbeatEventInput, ServiceChangesInput, ServiceRegistrationInput } from './service.input';
import { Service } from './service.entity';
import { ServiceHeartbeat } from './service-heartbeat.entity';
import { ServiceStateChange } from './service-state-change.entity';
import { heartbeatStateAt, serviceStateAt, silentChanges } from './service-state';

const DEFAULT_CHANGES_RANGE_MS = 86_400_000;
const MAX_RECENT = 500;

@InputType({ description: 'Narrows the fleet; retired services are left out unless asked for.' })
export class ServiceFilter {
  @Field(() => [ServiceState], { nullable: true, description: 'Only services in these states now.' })
  state?: ServiceState[] | null;

  @Field(() => [ServiceType], { nullable: true, description: 'Only services of these types.' })
  type?: ServiceType[] | null;

  @Field({ defaultValue: false, description: 'Also list retired services (state RETIRED).' })
  includeRetired: boolean;
}

/** Client mistakes name the argument they are in, e.g. "event.serviceId". */
async function under<T>(argument: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof InputError ? error.under(argument) : error;
  }
}

function recentLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECENT)
    throw new InputError('limit', `must be from 1 to ${MAX_RECENT}, got ${limit}`);
  return limit;
}

@Resolver(() => Service)
export class ServiceResolver {
  @Mutation(() => Service, {
    description: 'Registers a service, or replaces the registration of its serviceId (un-retiring it).',
  })
  registerService(
    @Arg('service', () => ServiceRegistrationInput, {
      description: 'The registration; fields left out get their defaults (not the values registered before).',
    })
    service: ServiceRegistrationInput,
    @Ctx() context: RequestContext
  ): Promise<Service> {
    return under('service', context.services.fleet.register(service));
  }

  @Mutation(() => Service, { description: 'Changes some fields of a registered service.' })
  updateService(
    @Arg('serviceId', { description: 'The id the service registered with; unknown ids are refused (NOT_FOUND).' })
    serviceId: string,
    @Arg('changes', () => ServiceChangesInput, {
      description: 'The fields to change; a new health endpoint or probe interval makes a probe due now.',
    })
    changes: ServiceChangesInput,
    @Ctx() context: RequestContext
  ): Promise<Service> {
    return context.services.fleet.update(serviceId, changes);
  }

  @Mutation(() => Service, {
    description: 'Retires a service: it is no longer probed, expected or listed (unless asked for).',
  })
  retireService(
    @Arg('serviceId', {
      description:
        'The id the service registered with; unknown ids are refused (NOT_FOUND); retiring twice changes nothing.',
    })
    serviceId: string,
    @Ctx() context: RequestContext
  ): Promise<Service> {
    return context.services.fleet.retire(serviceId);
  }

  @Mutation(() => Service, {
    description:
      'A service is alive (optionally saying it is degraded). An unknown serviceId is refused (NOT_FOUND) and writes nothing.',
  })
  recordHeartbeat(
    @Arg('event', () => HeartbeatEventInput, {
      description:
        'The heartbeat; one older than the latest is stored but changes no state. A retired service is refused.',
    })
    event: HeartbeatEventInput,
    @Ctx() context: RequestContext
  ): Promise<Service> {
    return under('event', context.services.fleet.heartbeat(event));
  }

  @Query(() => [Service], { description: 'The registered services by name, with their state now.' })
  async services(
    @Ctx() context: RequestContext,
    @Arg('filter', () => ServiceFilter, { nullable: true, description: 'Default: every service not retired.' })
    filter: ServiceFilter | null
  ): Promise<Service[]> {
    const query = context.services.dataSource
      .getRepository(Service)
      .createQueryBuilder('s')
      .orderBy('s.name')
      .addOrderBy('s.id');
    if (!filter?.includeRetired) query.andWhere('s.retiredAt IS NULL');
    if (filter?.type?.length) query.andWhere('s.type IN (:...types)', { types: filter.type });
    const found = await query.getMany();
    if (!filter?.state?.length) return found;
    const now = context.services.clock();
    return found.filter((service) => filter.state!.includes(serviceStateAt(service, now)));
  }

  @Query(() => Service, {
    nullable: true,
    description: 'One service by the id it registered with, retired or not; null when there is none.',
  })
  service(
    @Ctx() context: RequestContext,
    @Arg('serviceId', { description: 'The id the service registered with.' }) serviceId: string
  ): Promise<Service | null> {
    return context.loaders.one(Service, 'serviceId').load(serviceId);
  }

  @Query(() => [ServiceStateChange], {
    description:
      'State changes of the fleet (or one service) in a range, oldest first: those stored and those the time alone has made ' +
      '(a service overdue now; id null). Default range: the last 24 hours.',
  })
  async serviceStateChanges(
    @Ctx() context: RequestContext,
    @Arg('range', () => TimeRangeInput, {
      nullable: true,
      description: 'Changes from (inclusive) to (exclusive; default now). Default: the last 24 hours.',
    })
    range: TimeRangeInput | null,
    @Arg('serviceId', () => String, {
      nullable: true,
      description:
        'Only this service (by the id it registered with; an unknown id gives an empty list). Default: every service, retired ones included.',
    })
    serviceId: string | null,
    @Arg('limit', () => Int, {
      defaultValue: MAX_RECENT,
      description: `At most this many changes, the oldest first (1 to ${MAX_RECENT}).`,
    })
    limit: number
  ): Promise<ServiceStateChange[]> {
    recentLimit(limit);
    const now = context.services.clock();
    // By default up to and including now.
    const to = range?.to?.getTime() ?? now + 1;
    const from = range?.from?.getTime() ?? to - DEFAULT_CHANGES_RANGE_MS;
    if (from >= to) throw new InputError('range.to', 'must be after range.from');
    const services = context.services.dataSource.getRepository(Service).createQueryBuilder('s');
    if (serviceId !== null && serviceId !== undefined) services.where('s.serviceId = :serviceId', { serviceId });
    const scope = await services.getMany();
    if (scope.length === 0) return [];
    const stored = await context.services.dataSource
      .getRepository(ServiceStateChange)
      .createQueryBuilder('c')
      .where('c.serviceRecordId IN (:...ids)', { ids: scope.map((service) => service.id) })
      .andWhere(
        new Brackets((where) =>
          where.where('c.at >= :from', { from: new Date(from) }).andWhere('c.at < :to', { to: new Date(to) })
        )
      )
      .orderBy('c.at')
      .addOrderBy('c.id')
      .limit(limit)
      .getMany();
    const overdue = scope
      .filter((service) => !service.retiredAt)
      .flatMap((service) =>
        silentChanges(service, Math.min(now, to)).map((change) =>
          Object.assign(new ServiceStateChange(), {
            id: null,
            serviceRecordId: service.id,
            source: StateSource.HEARTBEAT,
            ...change,
          })
        )
      )
      .filter((change) => change.at.getTime() >= from && change.at.getTime() < to);
    return [...stored, ...overdue].sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, limit);
  }

  @FieldResolver(() => ServiceState, { description: 'The state now (see ServiceState).' })
  state(@Root() service: Service, @Ctx() context: RequestContext): ServiceState {
    return serviceStateAt(service, context.services.clock());
  }

  @FieldResolver(() => ServiceState, {
    nullable: true,
    description: 'What the heartbeats alone say now; null before the first.',
  })
  heartbeatState(@Root() service: Service, @Ctx() context: RequestContext): ServiceState | null {
    return heartbeatStateAt(service, context.services.clock());
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Seconds since the last heartbeat; null before the first.',
  })
  heartbeatAgeSeconds(@Root() service: Service, @Ctx() context: RequestContext): number | null {
    return service.lastHeartbeatAt ? (context.services.clock() - service.lastHeartbeatAt.getTime()) / 1000 : null;
  }

  @FieldResolver(() => [HealthProbe], { description: 'The latest probes, newest first.' })
  recentProbes(
    @Root() service: Service,
    @Ctx() context: RequestContext,
    @Arg('limit', () => Int, { defaultValue: 20, description: `How many probes, at most (1 to ${MAX_RECENT}).` })
    limit: number
  ): Promise<HealthProbe[]> {
    return context.services.dataSource
      .getRepository(HealthProbe)
      .find({ where: { serviceRecordId: service.id }, order: { at: 'DESC', id: 'DESC' }, take: recentLimit(limit) });
  }

  @FieldResolver(() => [ServiceHeartbeat], { description: 'The latest heartbeats, newest first.' })
  recentHeartbeats(
    @Root() service: Service,
    @Ctx() context: RequestContext,
    @Arg('limit', () => Int, { defaultValue: 20, description: `How many heartbeats, at most (1 to ${MAX_RECENT}).` })
    limit: number
  ): Promise<ServiceHeartbeat[]> {
    return context.services.dataSource
      .getRepository(ServiceHeartbeat)
      .find({ where: { serviceRecordId: service.id }, order: { at: 'DESC', id: 'DESC' }, take: recentLimit(limit) });
  }
}

@Resolver(() => ServiceStateChange)
export class ServiceStateChangeResolver {
  @FieldResolver(() => Service, { description: 'The service whose state changed.' })
  service(@Root() change: ServiceStateChange, @Ctx() context: RequestContext) {
    return context.loaders.one(Service).load(change.serviceRecordId);
  }
}
