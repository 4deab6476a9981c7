import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';
import type { AuthService, Principal } from './auth.service';
import type { RateLimit } from './rate-limit';

/**
 * The caller of a request, the same way on every way in (GraphQL, OTLP): a client address that has
 * used up its failed authentications is refused before any work, each unknown token counts against
 * its address, and a known caller spends one request of its key's budget. The address is Express's
 * `req.ip`: the socket's peer, or the client a trusted proxy names (TRUST_PROXY).
 */
export async function authenticateRequest(
  services: { auth: AuthService; rateLimit: RateLimit },
  req: Request
): Promise<Principal> {
  const address = req.ip ?? 'unknown';
  await services.rateLimit.checkFailures(address);
  let principal: Principal;
  try {
    principal = await services.auth.authenticate(req.headers.authorization);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED)
      await services.rateLimit.recordFailure(address);
    throw error;
  }
  await services.rateLimit.consume(principal.keyId === null ? 'admin-token' : `key:${principal.keyId}`);
  return principal;
}
