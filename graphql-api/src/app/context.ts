import { Principal } from '../auth/auth.service';
import { AppServices } from './services';
import { Loaders } from '../common/loaders';
import { StatsService } from '../stats/stats.service';

/** What every resolver gets for one GraphQL request. */
export interface RequestContext {
  services: AppServices;
  principal: Principal;
  loaders: Loaders;
  /** Statistics for this request: a read it asks twice is read once. */
  stats: StatsService;
  /** When the request's time budget (REQUEST_TIMEOUT_MS) runs out, in epoch milliseconds. */
  deadline: number;
}
