import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/database.ts';
import { consoleSessionStore } from './console-session-store.ts';

/** The console's own cookie: never the citizens' (`__Host-bp_session`), and strict same-site. */
export const CONSOLE_COOKIE = '__Host-bp_console';
/** Console sessions end after 15 minutes without a request, and after a working day at most. */
export const CONSOLE_IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const CONSOLE_ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
/** Before the login is complete (login form, second factor) a session lives ten minutes. */
export const CONSOLE_PENDING_TIMEOUT_MS = 10 * 60 * 1000;
const TOUCH_INTERVAL_MS = 30 * 1000;

const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

export interface ConsoleSession {
  hash: Buffer;
  accountId: string | null;
  stage: 'anonymous' | 'second-factor' | 'active';
  csrfSecret: string;
  language: 'nl' | 'en';
  lastSeenAt: Date;
}

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Server-side console sessions: the cookie holds a random token, the table only its hash. */
export function createConsoleSessions(deps: { db: Db; now: () => Date }) {
  const { db } = deps;
  return {
    async load(request: FastifyRequest, reply: FastifyReply): Promise<ConsoleSession | null> {
      const token = request.cookies[CONSOLE_COOKIE];
      if (!token) return null;
      const hash = hashOf(token);
      const row = await consoleSessionStore.find(db, hash);
      const now = deps.now();
      if (!row || new Date(row.last_seen_at).getTime() + CONSOLE_IDLE_TIMEOUT_MS <= now.getTime() || new Date(row.absolute_expires_at).getTime() <= now.getTime()) {
        if (row) await consoleSessionStore.delete(db, hash);
        reply.clearCookie(CONSOLE_COOKIE, cookieOptions);
        return null;
      }
      return { hash, accountId: row.account_id, stage: row.stage, csrfSecret: row.csrf_secret, language: row.language, lastSeenAt: new Date(row.last_seen_at) };
    },

    /** Keeps the session alive (at most one write per 30 s) and remembers the language. */
    async touch(session: ConsoleSession, language: 'nl' | 'en'): Promise<void> {
      const now = deps.now();
      if (language === session.language && now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
      await consoleSessionStore.touch(db, session.hash, now, language);
      session.language = language;
      session.lastSeenAt = now;
    },

    /** A new session (a new token at every login step, so a token seen before login is worthless after). */
    async start(reply: FastifyReply, input: { accountId: string | null; stage: ConsoleSession['stage']; language: 'nl' | 'en'; replaces?: ConsoleSession | null }): Promise<ConsoleSession> {
      if (input.replaces) await consoleSessionStore.delete(db, input.replaces.hash);
      const token = randomBytes(32).toString('base64url');
      const now = deps.now();
      const session: ConsoleSession = { hash: hashOf(token), accountId: input.accountId, stage: input.stage, csrfSecret: randomBytes(18).toString('base64url'), language: input.language, lastSeenAt: now };
      const lifetime = input.stage === 'active' ? CONSOLE_ABSOLUTE_TIMEOUT_MS : CONSOLE_PENDING_TIMEOUT_MS;
      await consoleSessionStore.insert(db, { hash: session.hash, accountId: session.accountId, stage: session.stage, csrfSecret: session.csrfSecret, language: session.language, now, absoluteExpiresAt: new Date(now.getTime() + lifetime) });
      reply.setCookie(CONSOLE_COOKIE, token, cookieOptions);
      return session;
    },

    async destroy(session: ConsoleSession, reply: FastifyReply): Promise<void> {
      await consoleSessionStore.delete(db, session.hash);
      reply.clearCookie(CONSOLE_COOKIE, cookieOptions);
    },

    /** Ends every session of an account (blocked), inside the caller's transaction. */
    async endForAccount(trx: Db, accountId: string): Promise<void> {
      await consoleSessionStore.deleteForAccount(trx, accountId);
    },

    async sweep(): Promise<number> {
      const now = deps.now();
      return consoleSessionStore.deleteExpired(db, { idleSince: new Date(now.getTime() - CONSOLE_IDLE_TIMEOUT_MS), now });
    },
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;
