import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { ServiceState, StateSource } from './fleet-states';

@ObjectType({ description: 'A service\'s heartbeat or probe state changed (for annotations).' })
@Entity('service_state_changes')
export class ServiceStateChange {
  @Field(() => ID, { nullable: true, description: 'Null for a change that follows from the time alone and is not stored yet (a heartbeat overdue now).' })
  @PrimaryGeneratedColumn()
  id: number | null;

  @Column({ name: 'service_id', type: 'int' })
  serviceRecordId: number;

  @Field()
  @Column({ ...TIMESTAMP })
  at: Date;

  @Field(() => StateSource)
  @Column({ type: 'varchar', length: 16 })
  source: StateSource;

  @Field(() => ServiceState)
  @Column({ type: 'varchar', length: 16 })
  state: ServiceState;

  @Field(() => ServiceState)
  @Column({ name: 'previous_state', type: 'varchar', length: 16 })
  previousState: ServiceState;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 512, nullable: true })
  reason: string | null;
}
