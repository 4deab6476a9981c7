import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

/** What a key may do: `admin` everything, `ingest` send events only, `read` queries and statistics only. */
export enum Role {
  ADMIN = 'admin',
  INGEST = 'ingest',
  READ = 'read',
}
registerEnumType(Role, { name: 'Role', description: 'ADMIN: everything. INGEST: send events only. READ: queries and statistics only.' });

/** An API key, stored only as its SHA-256 so a leaked database leaks no usable token. */
@ObjectType({ description: 'An API key (its token is shown only when it is created).' })
@Entity('api_keys')
export class ApiKey {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Field({ description: 'The first characters of the token, to recognise it.' })
  @Column({ name: 'token_prefix', type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ name: 'token_sha256', type: 'varchar', length: 64 })
  tokenSha256: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Field()
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'expires_at', ...TIMESTAMP, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', ...TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  @Column({ name: 'last_used_at', ...TIMESTAMP, nullable: true })
  lastUsedAt: Date | null;
}
