import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

@ObjectType({ description: "One health check of a service's health endpoint by the API." })
@Entity('health_probes')
export class HealthProbe {
  @Field(() => ID, { description: "The probe's id, assigned by the API." })
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'service_id', type: 'int' })
  serviceRecordId: number;

  @Field({ description: 'When the probe started.' })
  @Column({ ...TIMESTAMP })
  at: Date;

  @Field({ description: 'A 2xx answer, read whole within the timeout and the size limit.' })
  @Column({ type: 'boolean' })
  up: boolean;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no answer came.' })
  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds until the answer was read; null when none was.' })
  @Column({ name: 'response_ms', type: 'int', nullable: true })
  responseMs: number | null;

  @Field(() => String, { nullable: true, description: 'Why the probe counts as down.' })
  @Column({ type: 'varchar', length: 512, nullable: true })
  error: string | null;
}
