import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

/** What a key may do: `admin` everything, `ingest` send events only, `read` queries and statistics only. */
export enum Role {
  ADMIN = 'admin',
  INGEST = 'ingest',
  READ = 'read',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do; a root field outside its role is refused with FORBIDDEN.',
  valuesConfig: {
    ADMIN: { description: 'Everything, including API key management.' },
    INGEST: {
      description: 'Send events (the record*, endSession, requestApproval, decideApproval and ingest mutations) only.',
    },
    READ: { description: 'Queries and statistics only.' },
  },
});

/** An API key, stored only as its SHA-256 so a leaked database leaks no usable token. */
@ObjectType({ description: 'An API key (its token is shown only when it is created).' })
@Entity('api_keys')
export class ApiKey {
  @Field(() => ID, { description: 'The id revokeApiKey takes.' })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'A name to tell keys apart (1 to 191 characters); error messages about the key quote it.' })
  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Field({ description: 'The first 12 characters of the token, to recognise it.' })
  @Column({ name: 'token_prefix', type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ name: 'token_sha256', type: 'varchar', length: 64 })
  tokenSha256: string;

  @Field(() => Role, { description: 'What it may do.' })
  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Field({ description: 'When it was created (UTC).' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'From this time on it is refused (UNAUTHENTICATED); null: never expires.',
  })
  @Column({ name: 'expires_at', ...TIMESTAMP, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while valid.' })
  @Column({ name: 'revoked_at', ...TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was last used; updated at most once a minute, so up to a minute behind.',
  })
  @Column({ name: 'last_used_at', ...TIMESTAMP, nullable: true })
  lastUsedAt: Date | null;
}
