import { Principal } from '../auth/auth.service';
import { AppServices } from '../app/services';
import { Loaders } from './loaders';

/** What every resolver gets for one GraphQL request. */
export interface RequestContext {
  services: AppServices;
  principal: Principal;
  loaders: Loaders;
  /** When the request's time budget (REQUEST_TIMEOUT_MS) runs out, in epoch milliseconds. */
  deadline: number;
}
