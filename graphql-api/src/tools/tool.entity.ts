import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { NamedDimension } from '../common/named-dimension';

@ObjectType({ description: 'A tool that agents call, created on the first execution that names it.' })
@Entity('tools')
export class Tool extends NamedDimension {}
