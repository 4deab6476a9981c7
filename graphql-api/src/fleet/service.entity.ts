import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { HeartbeatStatus, ServiceType } from './fleet-states';

@ObjectType({ description: 'A free key and value attached to a service (team, region, cluster…).' })
export class ServiceLabel {
  @Field({ description: "The label's key, unique within the service." })
  key: string;

  @Field({ description: "The label's value; may be empty." })
  value: string;
}

const labelsTransformer = {
  to: (labels: ServiceLabel[] | null | undefined) => (labels === undefined ? undefined : JSON.stringify(labels ?? [])),
  from: (raw: string | null) => (raw ? (JSON.parse(raw) as ServiceLabel[]) : []),
};

@ObjectType({
  description:
    'A service of the platform (agent service, tool server, MCP server, worker) that registered itself, sends heartbeats and is health-checked.',
})
@Entity('services')
export class Service {
  @Field(() => ID, { description: "The API's own id of the service record (not the serviceId it registered with)." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the service registered with; heartbeats and updates name it.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  serviceId: string;

  @Field({ description: 'The display name.' })
  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Field(() => ServiceType, { description: 'What kind of service it is.' })
  @Column({ type: 'varchar', length: 16 })
  type: ServiceType;

  @Field(() => String, {
    nullable: true,
    description: 'Where the service answers (for people; not requested by the API).',
  })
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true, description: 'The http(s) URL the API probes; null: not probed.' })
  @Column({ name: 'health_endpoint', type: 'varchar', length: 2048, nullable: true })
  healthEndpoint: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The version running, as last registered or sent with a heartbeat; null when never given.',
  })
  @Column({ type: 'varchar', length: 128, nullable: true })
  version: string | null;

  @Field(() => [ServiceLabel], { description: 'Free keys and values (at most 32); empty when none.' })
  @Column({ type: 'text', transformer: labelsTransformer })
  labels: ServiceLabel[];

  @Field(() => Int, {
    description:
      'Seconds between the heartbeats the service promises; without one it is MISSING after one interval, DOWN after three.',
  })
  @Column({ name: 'heartbeat_interval_s', type: 'int' })
  heartbeatIntervalSeconds: number;

  @Field(() => Int, { description: "Seconds between the API's probes of the health endpoint (unused without one)." })
  @Column({ name: 'probe_interval_s', type: 'int' })
  probeIntervalSeconds: number;

  @Field({ description: 'When the service was first registered (registering it again keeps this).' })
  @Column({ name: 'registered_at', ...TIMESTAMP })
  registeredAt: Date;

  @Field({
    description:
      'When the registration last changed (registered, updated or retired); heartbeats and probes do not count.',
  })
  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was retired; null while it is not.' })
  @Column({ name: 'retired_at', ...TIMESTAMP, nullable: true })
  retiredAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'The time of the latest heartbeat (as the service dated it); null before the first.',
  })
  @Column({ name: 'last_heartbeat_at', ...TIMESTAMP, nullable: true })
  lastHeartbeatAt: Date | null;

  @Field(() => HeartbeatStatus, {
    nullable: true,
    description: 'What the latest heartbeat said, however old it is; null before the first.',
  })
  @Column({ name: 'last_heartbeat_status', type: 'varchar', length: 16, nullable: true })
  lastHeartbeatStatus: HeartbeatStatus | null;

  @Field(() => String, { nullable: true, description: "The latest heartbeat's message; null when it had none." })
  @Column({ name: 'last_heartbeat_message', type: 'varchar', length: 512, nullable: true })
  lastHeartbeatMessage: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the latest probe started; null before the first (or without a health endpoint).',
  })
  @Column({ name: 'last_probe_at', ...TIMESTAMP, nullable: true })
  lastProbeAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the last probe got a 2xx answer in time.' })
  @Column({ name: 'last_probe_up', type: 'boolean', nullable: true })
  lastProbeUp: boolean | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The HTTP status of the latest probe; null before the first or when no answer came.',
  })
  @Column({ name: 'last_probe_status_code', type: 'int', nullable: true })
  lastProbeStatusCode: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Milliseconds until the last probe's answer was read; null without an answer.",
  })
  @Column({ name: 'last_probe_response_ms', type: 'int', nullable: true })
  lastProbeResponseMs: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last probe counted as down.' })
  @Column({ name: 'last_probe_error', type: 'varchar', length: 512, nullable: true })
  lastProbeError: string | null;

  /** When some API replica may probe next; a replica claims a probe by moving it forward. */
  @Column({ name: 'next_probe_at', ...TIMESTAMP, nullable: true })
  nextProbeAt: Date | null;
}
