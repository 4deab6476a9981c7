import { Agent } from '../agents/agent.entity';
import { AgentExecution } from '../agents/agent-execution.entity';
import { Approval } from '../approvals/approval.entity';
import { OtlpSpan } from '../otlp/otlp-span.entity';
import { ApiKey } from '../auth/api-key.entity';
import { HealthProbe } from '../fleet/health-probe.entity';
import { Service } from '../fleet/service.entity';
import { ServiceHeartbeat } from '../fleet/service-heartbeat.entity';
import { ServiceStateChange } from '../fleet/service-state-change.entity';
import { Plan } from '../planner/plan.entity';
import { PlannerConversation } from '../planner/planner-conversation.entity';
import { PlannerMessage } from '../planner/planner-message.entity';
import { LoginSession } from '../sessions/login-session.entity';
import { Tool } from '../tools/tool.entity';
import { ToolExecution } from '../tools/tool-execution.entity';
import { User } from '../users/user.entity';
import { TaskRun } from '../workflows/task-run.entity';
import { Workflow } from '../workflows/workflow.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';

export const ENTITIES = [
  User,
  LoginSession,
  Agent,
  AgentExecution,
  Tool,
  ToolExecution,
  Workflow,
  WorkflowRun,
  TaskRun,
  Approval,
  Plan,
  PlannerConversation,
  PlannerMessage,
  ApiKey,
  OtlpSpan,
  Service,
  ServiceHeartbeat,
  HealthProbe,
  ServiceStateChange,
];
