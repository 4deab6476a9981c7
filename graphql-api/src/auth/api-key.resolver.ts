import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../app/context';
import { InputError } from '../common/errors';
import { ApiKey, Role } from './api-key.entity';

@ObjectType({ description: 'A new API key with its token.' })
export class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key as apiKeys lists it.' })
  key: ApiKey;

  @Field({ description: 'The token to send as "Authorization: Bearer <token>". Shown only now; it is stored hashed.' })
  token: string;
}

/** Key management; the role check on every root field (`authorize`) lets only ADMIN keys in. */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'All API keys (ADMIN).' })
  apiKeys(@Ctx() context: RequestContext): Promise<ApiKey[]> {
    return context.services.auth.listKeys();
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates an API key (ADMIN); its token is in the answer, once.' })
  createApiKey(
    @Ctx() context: RequestContext,
    @Arg('name', { description: 'A name to tell keys apart: 1 to 191 characters.' }) name: string,
    @Arg('role', () => Role, { description: 'What the key may do.' }) role: Role,
    @Arg('expiresAt', () => Date, {
      nullable: true,
      description: 'When it stops working (in the future); never when left out.',
    })
    expiresAt: Date | null
  ): Promise<CreatedApiKey> {
    return context.services.auth.createKey(name, role, expiresAt);
  }

  @Mutation(() => ApiKey, { description: 'Revokes an API key at once (ADMIN).' })
  revokeApiKey(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { description: 'The id of the key (ApiKey.id).' }) id: string
  ): Promise<ApiKey> {
    if (!/^\d{1,10}$/.test(id)) throw new InputError('id', 'must be an API key id (digits)');
    return context.services.auth.revokeKey(Number(id));
  }
}
