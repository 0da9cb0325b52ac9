import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Expression, ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { sessionStore } from './session-store.ts';

export const SESSION_COOKIE = '__Host-bp_session';
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** A session without a citizen only carries a login under way at the eID provider: it lives 10 minutes. */
export const PENDING_LOGIN_TIMEOUT_MS = 10 * 60 * 1000;
/** The cap on pending logins is enforced on every this many starts (one indexed delete each time). */
const TRIM_EVERY = 10;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 30 * 1000;

/**
 * What a session remembers besides its owner; never personal data in the clear. Modules add their
 * own fields by declaration merging (`declare module '…/sessions.ts'`), so the platform names none.
 */
export interface SessionData {
  csrfSecret?: string;
  language?: 'nl' | 'en';
  /** The assurance level of the login (part of who acts: see CitizenContext). */
  assurance?: string;
}

export type SessionEndReason = 'logout' | 'idle' | 'absolute' | 'replaced' | 'ended-elsewhere';

/**
 * A value a module needs on every page of a logged-in citizen (e.g. the screen name in the header),
 * read in the same statement as the session row: a scalar subquery on `sessions.citizen_id` (the
 * actor). It is read afresh on every request, like the session itself; nothing is cached.
 */
export interface SessionLookup {
  /** The key in `Session.lookups`, prefixed with the module's name, e.g. 'profile.screenName'. */
  name: string;
  select(eb: ExpressionBuilder<Database, 'sessions'>): Expression<unknown>;
}

export interface Session {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  hash: Buffer;
  citizenId: string | null;
  loginId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  data: SessionData;
  /**
   * The modules' `SessionLookup` values, read with this session on this request (null: nothing
   * found). Absent on a session not loaded for a request (e.g. one just started): look it up then.
   */
  lookups?: Readonly<Record<string, unknown>>;
}

export interface SessionEnd {
  session: Session;
  reason: SessionEndReason;
  endedAt: Date;
}

export interface SessionManagerOptions {
  db: Db;
  now: () => Date;
  /** Called inside the transaction that removes a logged-in session (e.g. to close login history). */
  onEnd?: (end: SessionEnd, db: Db) => Promise<void>;
  /**
   * At most this many sessions without a citizen (pending logins) are kept; past it the oldest are
   * dropped, so anonymous login starts cannot fill the table (bounded by this plus TRIM_EVERY per process).
   */
  pendingLimit?: number;
  /** The modules' per-session lookups, read with the session row on every load. */
  lookups?: () => readonly SessionLookup[];
}

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

/**
 * Server-side sessions: the cookie holds only a random 256-bit token, the database only its hash.
 * Idle (15 min) and absolute (12 h) limits are checked on every request and by the sweeper.
 */
export class SessionManager {
  private pendingStarts = 0;

  constructor(private readonly options: SessionManagerOptions) {}

  /** The live session for this request's cookie, or null; an expired one is ended and its cookie cleared. */
  async load(request: FastifyRequest, reply: FastifyReply): Promise<Session | null> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    const hash = hashOf(token);
    const lookups = this.options.lookups?.() ?? [];
    const found = await sessionStore.findWithLookups(this.options.db, hash, lookups);
    if (!found) {
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return null;
    }
    const session = { ...toSession(found.row), lookups: found.lookups };
    const now = this.options.now();
    const expiry = expiryOf(session, now);
    if (expiry) {
      await this.end({ session, reason: expiry.reason, endedAt: expiry.endedAt });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await sessionStore.touch(this.options.db, hash, now);
      session.lastSeenAt = now;
    }
    return session;
  }

  /** Creates a session and sets its cookie. */
  async start(reply: FastifyReply, input: { data: SessionData; citizenId?: string; loginId?: string; db?: Db }): Promise<Session> {
    const token = randomBytes(32).toString('base64url');
    const now = this.options.now();
    const session: Session = {
      hash: hashOf(token),
      citizenId: input.citizenId ?? null,
      loginId: input.loginId ?? null,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: new Date(now.getTime() + (input.citizenId ? ABSOLUTE_TIMEOUT_MS : PENDING_LOGIN_TIMEOUT_MS)),
      data: input.data,
    };
    await sessionStore.insert(input.db ?? this.options.db, {
      hash: session.hash,
      citizenId: session.citizenId,
      loginId: session.loginId,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: session.absoluteExpiresAt,
      data: session.data,
    });
    if (!session.citizenId && this.options.pendingLimit !== undefined && this.pendingStarts++ % TRIM_EVERY === 0) {
      await sessionStore.trimPending(this.options.db, this.options.pendingLimit);
    }
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    return session;
  }

  /** Writes changed session data. */
  async save(session: Session): Promise<void> {
    await sessionStore.saveData(this.options.db, session.hash, session.data);
  }

  /** Ends the session now, for the given reason, and clears the cookie. */
  async destroy(session: Session, reply: FastifyReply, reason: SessionEndReason): Promise<void> {
    await this.end({ session, reason, endedAt: this.options.now() });
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
  }

  /** The live sessions of one citizen, most recently used first. */
  async listForCitizen(citizenId: string): Promise<Session[]> {
    const now = this.options.now();
    return (await sessionStore.listByCitizen(this.options.db, citizenId)).map(toSession).filter((session) => expiryOf(session, now) === null);
  }

  /** Ends every session of this citizen except `keep` ("log out everywhere else"); returns how many. */
  async endOthers(citizenId: string, keep: Session): Promise<number> {
    const endedAt = this.options.now();
    let ended = 0;
    for (const row of await sessionStore.listByCitizen(this.options.db, citizenId)) {
      const session = toSession(row);
      if (session.hash.equals(keep.hash)) continue;
      await this.end({ session, reason: 'ended-elsewhere', endedAt });
      ended++;
    }
    return ended;
  }

  /** Removes every expired session, closing their login history; returns how many. */
  async sweep(): Promise<number> {
    const now = this.options.now();
    const rows = await sessionStore.listExpired(this.options.db, { idleSince: new Date(now.getTime() - IDLE_TIMEOUT_MS), now, limit: 1000 });
    for (const row of rows) {
      const session = toSession(row);
      const expiry = expiryOf(session, now);
      if (expiry) await this.end({ session, reason: expiry.reason, endedAt: expiry.endedAt });
    }
    return rows.length;
  }

  private async end(end: SessionEnd): Promise<void> {
    await this.options.db.transaction().execute(async (trx) => {
      const deleted = await sessionStore.delete(trx, end.session.hash);
      // Only the request that actually removed the row reports the end, so history is closed once.
      if (deleted && this.options.onEnd) await this.options.onEnd(end, trx);
    });
  }
}

function expiryOf(session: Session, now: Date): { reason: SessionEndReason; endedAt: Date } | null {
  const idleEnd = session.lastSeenAt.getTime() + IDLE_TIMEOUT_MS;
  const absoluteEnd = session.absoluteExpiresAt.getTime();
  if (absoluteEnd <= now.getTime() && absoluteEnd <= idleEnd) return { reason: 'absolute', endedAt: session.absoluteExpiresAt };
  if (idleEnd <= now.getTime()) return { reason: 'idle', endedAt: new Date(idleEnd) };
  return null;
}

function toSession(row: {
  session_hash: Uint8Array;
  citizen_id: string | null;
  login_id: string | null;
  created_at: Date;
  last_seen_at: Date;
  absolute_expires_at: Date;
  data: SessionData;
}): Session {
  return {
    hash: Buffer.from(row.session_hash),
    citizenId: row.citizen_id,
    loginId: row.login_id,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    absoluteExpiresAt: new Date(row.absolute_expires_at),
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as SessionData) : row.data,
  };
}
