import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { RunStatus } from '../common/status';

@ObjectType({ description: 'A node of a workflow DAG: one step that runs an agent or a tool.' })
export class DagNode {
  @Field({ description: 'The node key, unique within the workflow; TaskRun.nodeKey and DagEdge name it.' })
  key: string;

  @Field(() => String, { nullable: true, description: 'A display name for the step.' })
  label?: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the agent this step runs, if it runs one.' })
  agent?: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the tool this step runs, if it runs one.' })
  tool?: string | null;
}

@ObjectType({ description: 'A dependency: `to` starts after `from` finished.' })
export class DagEdge {
  @Field({ description: 'The key of the node that must finish first.' })
  from: string;

  @Field({ description: 'The key of the node that starts after it.' })
  to: string;
}

@ObjectType({ description: 'A workflow definition (a DAG of agent and tool steps), created on first sight by key.' })
@Entity('workflows')
export class Workflow {
  @Field(() => ID, { description: "This API's id of the workflow." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({
    description: 'The key the monitored platform gives this workflow (what runs and the WORKFLOW dimension name it).',
  })
  @Column({ type: 'varchar', length: 191 })
  key: string;

  @Field({ description: 'Its display name, from the latest definition (or from the first run that named it).' })
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'owner_id', type: 'int', nullable: true })
  ownerId: number | null;

  /** The DAG as JSON text: plain text keeps one column type on MySQL and SQLite. */
  @Column({ name: 'nodes_json', type: 'text' })
  nodesJson: string;

  @Column({ name: 'edges_json', type: 'text' })
  edgesJson: string;

  @Field(() => [DagNode], {
    description: 'The steps of its DAG, as last defined; empty until a workflow event defines it.',
  })
  get nodes(): DagNode[] {
    return JSON.parse(this.nodesJson) as DagNode[];
  }

  @Field(() => [DagEdge], { description: 'The dependencies between its steps, as last defined.' })
  get edges(): DagEdge[] {
    return JSON.parse(this.edgesJson) as DagEdge[];
  }

  @Field({ description: 'The time of the first event that named it (UTC).' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field({ description: 'The time of the definition it holds (the `at` of the latest workflow event).' })
  @Column({ name: 'updated_at', ...TIMESTAMP })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When its latest run was queued or started; null before any run.' })
  @Column({ name: 'last_run_at', ...TIMESTAMP, nullable: true })
  lastRunAt: Date | null;

  @Field(() => RunStatus, { nullable: true, description: 'The state of its latest run; null before any run.' })
  @Column({ name: 'last_run_status', type: 'varchar', length: 24, nullable: true })
  lastRunStatus: RunStatus | null;
}
