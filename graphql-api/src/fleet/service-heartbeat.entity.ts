import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { HeartbeatStatus } from './fleet-states';

@ObjectType({ description: 'A service said it is alive.' })
@Entity('service_heartbeats')
export class ServiceHeartbeat {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'service_id', type: 'int' })
  serviceRecordId: number;

  @Field()
  @Column({ ...TIMESTAMP })
  at: Date;

  @Field(() => HeartbeatStatus)
  @Column({ type: 'varchar', length: 16 })
  status: HeartbeatStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 512, nullable: true })
  message: string | null;
}
