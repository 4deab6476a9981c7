import { faker } from '@faker-js/faker/locale/en';
import { AgentProfile, AGENTS, PLANNER } from './catalog/agents';
import { Model, model } from './catalog/models';
import { ToolProfile, TOOLS } from './catalog/tools';
import { WorkflowTemplate, WORKFLOWS } from './catalog/workflows';
import { Random } from './random';

export interface WorldOptions {
  seed: number;
  users: number;
  agents: number;
  tools: number;
  workflows: number;
}

/** The cast of `npm run simulate` and of the demo, unless told otherwise. */
export const DEFAULT_WORLD: Omit<WorldOptions, 'seed'> = { users: 25, agents: 8, tools: 12, workflows: 6 };

export interface User {
  id: string;
  name: string;
  email: string;
  /** Office and home addresses: each login comes from one of them. */
  ips: string[];
  userAgent: string;
  /** How much more active than others: a few people do most of the work. */
  activity: number;
}

export interface Agent extends AgentProfile {
  llm: Model;
  toolset: ToolProfile[];
}

export interface WorkflowNode {
  key: string;
  label: string;
  agent?: Agent;
  tool?: ToolProfile;
}

export interface Workflow extends Omit<WorkflowTemplate, 'nodes'> {
  nodes: WorkflowNode[];
}

/** The seeded cast of a simulation: who uses the platform and what it runs. */
export interface World {
  users: User[];
  agents: Agent[];
  tools: ToolProfile[];
  workflows: Workflow[];
  planner: Agent;
  /** The provider account, named in rate-limit errors. */
  organization: string;
  customers: string[];
}

export const REGIONS = ['EMEA', 'North America', 'APAC', 'LATAM', 'DACH', 'Nordics'];
export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];

/** The first `count` catalog entries, then numbered copies ("researcher-2") when asked for more. */
function takeNamed<T>(catalog: readonly T[], count: number, rename: (item: T, copy: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => {
    const copy = Math.floor(i / catalog.length);
    const item = catalog[i % catalog.length];
    return copy === 0 ? item : rename(item, copy + 1);
  });
}

/** A catalog name mapped into this world: itself when present, else a fixed stand-in. */
function resolver<T extends { name: string }>(items: readonly T[]): (name: string) => T {
  return (name) =>
    items.find((item) => item.name === name) ?? items[new Random('stand-in', name).int(0, items.length - 1)];
}

function createUsers(count: number, random: Random): User[] {
  const domain = `${faker.internet.domainWord()}.io`;
  const ascii = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '');
  return Array.from({ length: count }, () => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    return {
      id: `usr_${faker.string.alphanumeric({ length: 12, casing: 'lower' })}`,
      name: `${first} ${last}`,
      email: `${ascii(first)}.${ascii(last)}@${domain}`,
      ips: [faker.internet.ipv4(), faker.internet.ipv4()],
      userAgent: faker.internet.userAgent(),
      activity: random.logNormal(1, 0.8),
    };
  });
}

export function createWorld(options: WorldOptions): World {
  for (const name of ['users', 'agents', 'tools', 'workflows'] as const) {
    if (!Number.isInteger(options[name]) || options[name] < 1)
      throw new Error(`${name} must be a whole number of at least 1, got ${options[name]}`);
  }
  // faker draws the names; it is seeded here and used nowhere else, so a seed gives one cast.
  faker.seed(options.seed);
  const random = new Random(options.seed, 'world');
  const users = createUsers(options.users, random);
  const organization = `org-${faker.string.alphanumeric({ length: 24 })}`;
  const customers = faker.helpers.uniqueArray(() => faker.company.name(), 12);

  const tools = takeNamed(TOOLS, options.tools, (tool, copy) => ({ ...tool, name: `${tool.name}_${copy}` }));
  const toolNamed = resolver(tools);
  const profiles = takeNamed(AGENTS, options.agents, (agent, copy) => ({ ...agent, name: `${agent.name}-${copy}` }));
  const agents: Agent[] = profiles.map((profile) => ({
    ...profile,
    llm: model(profile.provider, profile.model),
    toolset: [...new Set(profile.tools.map(toolNamed))],
  }));
  // Workflow steps are done by the agents other than the planner, when there are any.
  const workers = agents.length > 1 ? agents.filter((agent) => agent.name !== PLANNER) : agents;
  const agentNamed = resolver(workers);
  const workflows = takeNamed(WORKFLOWS, options.workflows, (template, copy) => ({
    ...template,
    key: `${template.key}-${copy}`,
    name: `${template.name} ${copy}`,
  })).map((template) => ({
    ...template,
    nodes: template.nodes.map((node) => ({
      key: node.key,
      label: node.label,
      agent: node.agent ? agentNamed(node.agent) : undefined,
      tool: node.tool ? toolNamed(node.tool) : undefined,
    })),
  }));
  return { users, agents, tools, workflows, planner: agents[0], organization, customers };
}
