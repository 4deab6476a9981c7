import { Field, InputType, Int } from 'type-graphql';
import { HeartbeatStatus, ServiceType } from './fleet-states';

@InputType({ description: 'A free key and value (at most 32 per service).' })
export class ServiceLabelInput {
  @Field({ description: 'Letters, digits, "_", "-", "."; at most 63 characters, starting with a letter or "_".' })
  key: string;

  @Field({ description: 'At most 256 characters.' })
  value: string;
}

/** The fields that registration and updates alike may leave out. */
@InputType()
abstract class ServiceOptionsInput {
  @Field(() => String, { nullable: true, description: 'An http(s) URL where the service answers.' })
  url?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The http(s) URL the API probes; its host must be in HEALTH_PROBE_ALLOWED_NETWORKS to be probed.',
  })
  healthEndpoint?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The version running: 1 to 128 characters; heartbeats may update it.',
  })
  version?: string | null;

  @Field(() => [ServiceLabelInput], { nullable: true, description: 'Replaces all labels.' })
  labels?: ServiceLabelInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds between heartbeats (1 to 86400); default FLEET_HEARTBEAT_INTERVAL_SECONDS.',
  })
  heartbeatIntervalSeconds?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Seconds between probes (1 to 86400, and longer than HEALTH_PROBE_TIMEOUT_MS); default HEALTH_PROBE_INTERVAL_SECONDS.',
  })
  probeIntervalSeconds?: number | null;
}

@InputType({ description: 'The fields of a service that an update may change; absent fields stay as they are.' })
export class ServiceChangesInput extends ServiceOptionsInput {
  @Field(() => String, { nullable: true, description: 'A new display name (1 to 191 characters).' })
  name?: string | null;

  @Field(() => ServiceType, { nullable: true, description: 'A new kind of service.' })
  type?: ServiceType | null;
}

@InputType({
  description:
    'A service registers itself (or an admin registers it); registering an id again replaces its fields and un-retires it.',
})
export class ServiceRegistrationInput extends ServiceOptionsInput {
  @Field({ description: "The service's own id: 1 to 191 printable ASCII characters without spaces." })
  serviceId: string;

  @Field({ description: 'The display name: 1 to 191 characters.' })
  name: string;

  @Field(() => ServiceType, { description: 'What kind of service it is.' })
  type: ServiceType;
}

@InputType({ description: 'A service is alive.' })
export class HeartbeatEventInput {
  @Field({ description: 'The id the service registered with.' })
  serviceId: string;

  @Field(() => Date, {
    nullable: true,
    description:
      "When the service sent it; default: when the API receives it. At most 5 minutes ahead of the API's clock.",
  })
  at?: Date | null;

  @Field(() => HeartbeatStatus, { nullable: true, description: 'Default HEALTHY.' })
  status?: HeartbeatStatus | null;

  @Field(() => String, { nullable: true, description: 'A short note (at most 512 bytes), e.g. why it is degraded.' })
  message?: string | null;

  @Field(() => String, { nullable: true, description: 'The version now running, when it changed.' })
  version?: string | null;
}
