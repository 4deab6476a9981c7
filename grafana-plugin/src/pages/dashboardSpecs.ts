import { agentsSpec } from './Agents/agentsPanels';
import { dagsSpec } from './Dags/dagsPanels';
import { fleetSpec } from './Fleet/fleetPanels';
import { overviewSpec } from './Overview/overviewPanels';
import { plannerSpec } from './Planner/plannerPanels';
import { toolsSpec } from './Tools/toolsPanels';
import { usersSpec } from './Users/usersPanels';

/** The pages provisioned as dashboards too, in navigation order. */
export const DASHBOARD_SPECS = [overviewSpec, usersSpec, toolsSpec, agentsSpec, dagsSpec, plannerSpec, fleetSpec];
