import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../app/context';
import { Role } from './api-key.entity';

@ObjectType({ description: 'The key that sent this request, as the API sees it.' })
export class Viewer {
  @Field(() => Role, { description: 'What this key may do; Grafana should hold a READ key.' })
  role: Role;

  @Field({ description: 'The key\'s name ("AGENTMON_ADMIN_TOKEN" for the configured admin token).' })
  name: string;

  @Field(() => Date, { nullable: true, description: 'When the key stops working; null if it does not expire.' })
  expiresAt: Date | null;
}

/** Tells any valid key its own role (see ANY_ROLE_QUERIES), so a client can warn when it holds too much power. */
@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The calling key: its role, name and expiry (any role).' })
  viewer(@Ctx() context: RequestContext): Viewer {
    const { role, name, expiresAt } = context.principal;
    return { role, name, expiresAt };
  }
}
