import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

export type Role = 'admin' | 'ingest' | 'read';

/** An API token, stored only as its SHA-256 so a leaked database leaks no usable token. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Column({ name: 'token_prefix', type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ name: 'token_sha256', type: 'varchar', length: 64 })
  tokenSha256: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'expires_at', ...TIMESTAMP, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', ...TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', ...TIMESTAMP, nullable: true })
  lastUsedAt: Date | null;
}
