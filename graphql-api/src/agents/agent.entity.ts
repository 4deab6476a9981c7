import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { NamedDimension } from '../common/named-dimension';

@ObjectType({ description: 'An agent of the monitored platform, created on the first execution that names it.' })
@Entity('agents')
export class Agent extends NamedDimension {}
