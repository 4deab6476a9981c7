import { Field, ObjectType } from 'type-graphql';
import { StatsSummary } from '../stats.types';

@ObjectType()
export class LastError {
  @Field()
  at: Date;

  @Field(() => String, { nullable: true })
  type: string | null;

  @Field(() => String, { nullable: true })
  message: string | null;
}

@ObjectType({ description: 'One agent or tool over the range, with its latest failure (of any time).' })
export class EntityStats {
  @Field({ description: 'The name.' })
  key: string;

  @Field()
  label: string;

  @Field(() => StatsSummary)
  summary: StatsSummary;

  @Field(() => LastError, { nullable: true })
  lastError: LastError | null;
}
