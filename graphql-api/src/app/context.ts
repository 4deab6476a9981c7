import { Principal } from '../auth/auth.service';
import { AppServices } from './services';
import { Loaders } from '../common/loaders';

/** What every resolver gets for one GraphQL request. */
export interface RequestContext {
  services: AppServices;
  principal: Principal;
  loaders: Loaders;
  /** When the request's time budget (REQUEST_TIMEOUT_MS) runs out, in epoch milliseconds. */
  deadline: number;
}
