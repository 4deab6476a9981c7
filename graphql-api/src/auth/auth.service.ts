import crypto from 'node:crypto';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { DataSource, IsNull } from 'typeorm';
import { InputError } from '../common/errors';
import { ApiKey, Role } from './api-key.entity';

export interface Principal {
  /** The key's id; null for AGENTMON_ADMIN_TOKEN. */
  keyId: number | null;
  name: string;
  role: Role;
  /** When the key stops working; null for keys that do not expire and for AGENTMON_ADMIN_TOKEN. */
  expiresAt: Date | null;
}

const TOKEN_PREFIX = 'amk_';
const LAST_USED_RESOLUTION_MS = 60_000;
const KEY_CACHE_MS = 5_000;
// More keys than a deployment has; each entry is one stored key, so the cache stays small.
const KEY_CACHE_MAX = 10_000;

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Checks bearer tokens (the configured admin token, or a stored key) and manages keys. */
export class AuthService {
  private readonly adminTokenHash: Buffer | undefined;
  // Stored keys seen recently, so most requests cost no query; revocation takes effect within
  // KEY_CACHE_MS. Unknown tokens are never cached: an attacker's random tokens cost no memory
  // (their queries are bounded by the failed-authentication limit per address).
  private readonly recent = new LRUCache<string, ApiKey>({ max: KEY_CACHE_MAX, ttl: KEY_CACHE_MS });

  constructor(
    private readonly dataSource: DataSource,
    adminToken: string | undefined
  ) {
    this.adminTokenHash = adminToken ? Buffer.from(sha256(adminToken), 'hex') : undefined;
  }

  /**
   * With no AGENTMON_ADMIN_TOKEN and no admin key yet, creates one and returns it so the caller
   * can print it once; it is stored only hashed.
   */
  async ensureBootstrapToken(): Promise<string | undefined> {
    if (this.adminTokenHash) return undefined;
    if (await this.dataSource.getRepository(ApiKey).existsBy({ role: Role.ADMIN, revokedAt: IsNull() }))
      return undefined;
    return (await this.createKey('bootstrap admin', Role.ADMIN, null)).token;
  }

  /**
   * Makes `token` (AGENTMON_GRAFANA_TOKEN) a READ key named `name`, stored hashed, unless it
   * already is one: every start may call it, and replicas may call it at once. A revoked key
   * stays revoked; a token already held by a key of another role is refused.
   */
  async ensureReadKey(name: string, token: string): Promise<void> {
    const repository = this.dataSource.getRepository(ApiKey);
    const tokenSha256 = sha256(token);
    let key = await repository.findOneBy({ tokenSha256 });
    if (!key) {
      const created = repository.create({
        name,
        role: Role.READ,
        tokenPrefix: token.slice(0, 12),
        tokenSha256,
        createdAt: new Date(),
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      });
      // Another replica may insert the same hash first: the unique index keeps one row.
      await repository.insert(created).catch(async (error: unknown) => {
        if (!(await repository.existsBy({ tokenSha256 }))) throw error;
      });
      key = await repository.findOneByOrFail({ tokenSha256 });
    }
    if (key.role !== Role.READ)
      throw new Error(
        `${name}: this token is already the API key "${key.name}" with the ${key.role.toUpperCase()} role; give Grafana a token of its own`
      );
  }

  async createKey(name: string, role: Role, expiresAt: Date | null): Promise<{ key: ApiKey; token: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 191) throw new InputError('name', 'must be 1 to 191 characters');
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new InputError('expiresAt', 'must be in the future');
    const token = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url');
    const repository = this.dataSource.getRepository(ApiKey);
    const key = repository.create({
      name: trimmed,
      role,
      tokenPrefix: token.slice(0, 12),
      tokenSha256: sha256(token),
      createdAt: new Date(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    await repository.insert(key);
    return { key, token };
  }

  async revokeKey(id: number): Promise<ApiKey> {
    const repository = this.dataSource.getRepository(ApiKey);
    const key = await repository.findOneBy({ id });
    if (!key) throw new InputError('id', `no API key ${id}`);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await repository.update({ id }, { revokedAt: key.revokedAt });
    }
    this.recent.clear();
    return key;
  }

  listKeys(): Promise<ApiKey[]> {
    return this.dataSource.getRepository(ApiKey).find({ order: { id: 'ASC' } });
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthenticated('Missing "Authorization: Bearer <token>" header');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const hash = sha256(match[1]);
    if (this.adminTokenHash && crypto.timingSafeEqual(Buffer.from(hash, 'hex'), this.adminTokenHash)) {
      return { keyId: null, name: 'AGENTMON_ADMIN_TOKEN', role: Role.ADMIN, expiresAt: null };
    }
    const key = await this.find(hash);
    const now = new Date();
    if (!key) throw unauthenticated('The bearer token is not valid');
    if (key.revokedAt) throw unauthenticated(`The API key "${key.name}" was revoked`);
    if (key.expiresAt && key.expiresAt <= now)
      throw unauthenticated(`The API key "${key.name}" expired at ${key.expiresAt.toISOString()}`);
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      key.lastUsedAt = now;
      await this.dataSource.getRepository(ApiKey).update({ id: key.id }, { lastUsedAt: now });
    }
    return { keyId: key.id, name: key.name, role: key.role, expiresAt: key.expiresAt };
  }

  /** How many token hashes are cached (bounded by KEY_CACHE_MAX). */
  get cachedKeys(): number {
    return this.recent.size;
  }

  private async find(hash: string): Promise<ApiKey | null> {
    const cached = this.recent.get(hash);
    if (cached) return cached;
    const key = await this.dataSource.getRepository(ApiKey).findOneBy({ tokenSha256: hash });
    if (key) this.recent.set(hash, key);
    return key;
  }
}
