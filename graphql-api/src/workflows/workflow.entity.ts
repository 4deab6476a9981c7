import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { RunStatus } from '../common/status';

@ObjectType({ description: 'A node of a workflow DAG: one step that runs an agent or a tool.' })
export class DagNode {
  @Field({ description: 'Unique within the workflow; task runs name it.' })
  key: string;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => String, { nullable: true })
  agent?: string | null;

  @Field(() => String, { nullable: true })
  tool?: string | null;
}

@ObjectType({ description: 'A dependency: `to` starts after `from` finished.' })
export class DagEdge {
  @Field()
  from: string;

  @Field()
  to: string;
}

@ObjectType({ description: 'A workflow definition (a DAG of agent and tool steps), created on first sight by key.' })
@Entity('workflows')
export class Workflow {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The key the monitored platform gives this workflow.' })
  @Column({ type: 'varchar', length: 191 })
  key: string;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'owner_id', type: 'int', nullable: true })
  ownerId: number | null;

  /** The DAG as JSON text: plain text keeps one column type on MySQL and SQLite. */
  @Column({ name: 'nodes_json', type: 'text' })
  nodesJson: string;

  @Column({ name: 'edges_json', type: 'text' })
  edgesJson: string;

  @Field(() => [DagNode])
  get nodes(): DagNode[] {
    return JSON.parse(this.nodesJson) as DagNode[];
  }

  @Field(() => [DagEdge])
  get edges(): DagEdge[] {
    return JSON.parse(this.edgesJson) as DagEdge[];
  }

  @Field()
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field()
  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Start of its latest run.' })
  @Column({ name: 'last_run_at', ...TIMESTAMP, nullable: true })
  lastRunAt: Date | null;

  @Field(() => RunStatus, { nullable: true, description: 'State of its latest run.' })
  @Column({ name: 'last_run_status', type: 'varchar', length: 24, nullable: true })
  lastRunStatus: RunStatus | null;
}
