import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey, Role } from './api-key.entity';

export interface Principal {
  name: string;
  role: Role;
}

const TOKEN_PREFIX = 'amk_';

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Checks bearer tokens: the configured admin token, or a stored key. */
export class AuthService {
  private readonly adminTokenHash: Buffer | undefined;

  constructor(
    private readonly dataSource: DataSource,
    adminToken: string | undefined,
  ) {
    this.adminTokenHash = adminToken ? Buffer.from(sha256(adminToken), 'hex') : undefined;
  }

  /**
   * With no AGENTMON_ADMIN_TOKEN and no admin key yet, creates one and returns it so the caller
   * can print it once; it is stored only hashed.
   */
  async ensureBootstrapToken(): Promise<string | undefined> {
    if (this.adminTokenHash) return undefined;
    const repository = this.dataSource.getRepository(ApiKey);
    if (await repository.existsBy({ role: 'admin', revokedAt: IsNull() })) return undefined;
    const token = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url');
    await repository.insert({
      name: 'bootstrap admin',
      tokenPrefix: token.slice(0, 12),
      tokenSha256: sha256(token),
      role: 'admin',
      createdAt: new Date(),
    });
    return token;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthenticated('Missing "Authorization: Bearer <token>" header');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const hash = sha256(match[1]);
    if (this.adminTokenHash && crypto.timingSafeEqual(Buffer.from(hash, 'hex'), this.adminTokenHash)) {
      return { name: 'AGENTMON_ADMIN_TOKEN', role: 'admin' };
    }
    const key = await this.dataSource.getRepository(ApiKey).findOneBy({ tokenSha256: hash });
    const now = new Date();
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) {
      throw unauthenticated('The bearer token is not valid');
    }
    return { name: key.name, role: key.role };
  }
}
