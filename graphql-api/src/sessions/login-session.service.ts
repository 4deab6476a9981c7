import { notFound } from '../common/errors';
import { UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { LoginSession } from './login-session.entity';
import { LoginEventInput, SessionEventInput } from './session-events.input';

/** A session's last activity moved forward: not a stored record, a change the session recorder reports. */
export interface SessionActivity {
  at: Date;
  userId: number;
}
export const SESSION_ACTIVITY_ENTITY = 'SessionActivity';

const earliest = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const latest = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

export async function recordLogin(work: UnitOfWork, event: LoginEventInput): Promise<LoginSession> {
  const sessionId = v.externalId('sessionId', event.sessionId);
  const userExternalId = v.externalId('userId', event.userId);
  const at = v.time('at', event.at);
  const userName = v.optionalName('userName', event.userName, 255);
  const userEmail = v.optionalName('userEmail', event.userEmail, 255);
  const ip = v.optionalName('ip', event.ip, 64);
  const userAgent = v.optionalName('userAgent', event.userAgent, 512);
  const userId = await work.dimensions.user(userExternalId, at, { name: userName, email: userEmail });
  return work.upsert(LoginSession, { externalId: sessionId }, (before) => ({
    userId,
    startedAt: before ? earliest(before.startedAt, at) : at,
    lastActivityAt: before ? latest(before.lastActivityAt, at) : at,
    ip: ip ?? before?.ip ?? null,
    userAgent: userAgent ?? before?.userAgent ?? null,
  }));
}

/** Activity (ended false) or logout (ended true) in a session. */
export async function recordSessionEvent(
  work: UnitOfWork,
  event: SessionEventInput,
  ended: boolean
): Promise<LoginSession> {
  const sessionId = v.externalId('sessionId', event.sessionId);
  const at = v.time('at', event.at);
  const userExternalId = v.optionalExternalId('userId', event.userId);
  const before = await work.findOne(LoginSession, { externalId: sessionId });
  if (!before && !userExternalId) {
    throw notFound('sessionId', `no login session "${sessionId}"; send its login event first, or include userId`);
  }
  const userId = userExternalId ? await work.dimensions.user(userExternalId, at) : before!.userId;
  const session = await work.upsert(
    LoginSession,
    { externalId: sessionId },
    (stored) => ({
      userId,
      startedAt: stored ? stored.startedAt : at,
      lastActivityAt: stored ? latest(stored.lastActivityAt, at) : at,
      endedAt: ended ? (stored?.endedAt ? earliest(stored.endedAt, at) : at) : (stored?.endedAt ?? null),
    }),
    before
  );
  if (!before || session.lastActivityAt.getTime() > before.lastActivityAt.getTime()) {
    const activity: SessionActivity = { at, userId };
    work.changes.push({ entity: SESSION_ACTIVITY_ENTITY, before: null, after: activity });
  }
  return session;
}
