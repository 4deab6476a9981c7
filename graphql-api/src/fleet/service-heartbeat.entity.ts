import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { HeartbeatStatus } from './fleet-states';

@ObjectType({ description: 'A service said it is alive.' })
@Entity('service_heartbeats')
export class ServiceHeartbeat {
  @Field(() => ID, { description: "The heartbeat's id, assigned by the API." })
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'service_id', type: 'int' })
  serviceRecordId: number;

  @Field({ description: 'When the service sent it (its `at`), or else when the API received it.' })
  @Column({ ...TIMESTAMP })
  at: Date;

  @Field(() => HeartbeatStatus, { description: 'How the service said it is.' })
  @Column({ type: 'varchar', length: 16 })
  status: HeartbeatStatus;

  @Field(() => String, {
    nullable: true,
    description: "The service's note (at most 512 bytes); null when it sent none.",
  })
  @Column({ type: 'varchar', length: 512, nullable: true })
  message: string | null;
}
