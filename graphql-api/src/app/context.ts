import { Principal } from '../auth/auth.service';
import { AppServices } from './services';
import { Loaders } from '../common/loaders';

/** What every resolver gets for one GraphQL request. */
export interface RequestContext {
  services: AppServices;
  principal: Principal;
  loaders: Loaders;
}
