import { EntityTarget, ObjectLiteral } from 'typeorm';
import type { RequestContext } from '../app/context';
import { InputError } from './errors';

/** One record by its id or by the platform's key for it (exactly one of the two). */
export function lookup<E extends ObjectLiteral>(
  context: RequestContext,
  entity: EntityTarget<E>,
  id: string | null | undefined,
  keyArg: string,
  keyProperty: string,
  key: string | null | undefined
): Promise<E | null> {
  if ((id === null || id === undefined) === (key === null || key === undefined)) {
    throw new InputError('id', `pass exactly one of id and ${keyArg}`).toGraphQLError();
  }
  if (id !== null && id !== undefined) {
    if (!/^\d{1,10}$/.test(id))
      throw new InputError(
        'id',
        `must be a record id (digits), got ${JSON.stringify(id.slice(0, 40))}`
      ).toGraphQLError();
    return context.loaders.one(entity).load(Number(id));
  }
  return context.loaders.one(entity, keyProperty).load(key!);
}
