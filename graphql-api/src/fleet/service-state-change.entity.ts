import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { ServiceState, StateSource } from './fleet-states';

@ObjectType({ description: "A service's heartbeat or probe state changed (for annotations)." })
@Entity('service_state_changes')
export class ServiceStateChange {
  @Field(() => ID, {
    nullable: true,
    description: 'Null for a change that follows from the time alone and is not stored yet (a heartbeat overdue now).',
  })
  @PrimaryGeneratedColumn()
  id: number | null;

  @Column({ name: 'service_id', type: 'int' })
  serviceRecordId: number;

  @Field({
    description:
      "When the state changed: the heartbeat's or probe's time, or for a silent service the millisecond after the last heartbeat " +
      'became more than one (MISSING) or three (DOWN) heartbeat intervals old.',
  })
  @Column({ ...TIMESTAMP })
  at: Date;

  @Field(() => StateSource, {
    description: 'What the change was observed from; heartbeat and probe changes are tracked apart.',
  })
  @Column({ type: 'varchar', length: 16 })
  source: StateSource;

  @Field(() => ServiceState, {
    description: "The state the source gave from then on (for HEARTBEAT and PROBE, not the service's overall state).",
  })
  @Column({ type: 'varchar', length: 16 })
  state: ServiceState;

  @Field(() => ServiceState, {
    description:
      'The state the same source gave before: UNKNOWN before the first heartbeat or probe; for REGISTRY, RETIRED when registered again and UNKNOWN when retired.',
  })
  @Column({ name: 'previous_state', type: 'varchar', length: 16 })
  previousState: ServiceState;

  @Field(() => String, {
    nullable: true,
    description:
      'Why, in words: the heartbeat\'s message, e.g. "no heartbeat for more than 30 s", or the probe\'s error or "HTTP 200 in 12 ms" (at most 512 bytes).',
  })
  @Column({ type: 'varchar', length: 512, nullable: true })
  reason: string | null;
}
