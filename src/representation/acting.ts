import type { FastifyRequest } from 'fastify';
import { ASSURANCE_LEVELS, meetsAssurance, type Accounts } from '../identity/index.ts';
import type { Session, SessionManager } from '../platform/http/sessions.ts';
import { requestOrigin } from '../platform/http/web-server.tsx';
import type { CitizenContext } from '../platform/module.ts';
import type { MandateRow } from './mandate-store.ts';
import { usable, type Mandates } from './mandates.ts';
import { ACTING_ASSURANCE } from './services.ts';

type LoggedIn = Session & { citizenId: string; loginId: string };

/**
 * The mandate row a request's context was resolved from, so the banner of the same request does not
 * read it again. Keyed by the context (a new object per request): every request still reads afresh.
 */
const mandateOfContext = new WeakMap<CitizenContext, MandateRow>();

/** The record of a representative's change in progress, per request. */
const pendingChanges = new WeakMap<FastifyRequest, string>();

export interface ActingDeps {
  mandates: Mandates;
  accounts: Accounts;
  sessions: SessionManager;
  now: () => Date;
}

function levelOf(session: Session) {
  return ASSURANCE_LEVELS.find((level) => level === session.data.assurance) ?? 'basis';
}

/**
 * Acting for someone (R17). The mandate is read again on every request, so a revoked, rejected or
 * expired mandate stops working on the representative's very next request, not at the next login.
 */
export function createActing(deps: ActingDeps) {
  const { mandates, accounts, sessions, now } = deps;

  return {
    /** The context for a session acting under a mandate, or null (the citizen acts for themselves). */
    async resolveContext(session: LoggedIn): Promise<CitizenContext | null> {
      const mandateId = session.data.actingFor;
      if (!mandateId) return null;
      const row = await mandates.find(mandateId);
      const assurance = levelOf(session);
      if (row && row.representative_id === session.citizenId && usable(row, now()) && meetsAssurance(assurance, ACTING_ASSURANCE)) {
        const services = row.services.split(',').filter(Boolean);
        const context: CitizenContext = { actor: { citizenId: session.citizenId }, subject: { citizenId: row.grantor_id }, loginId: session.loginId, assurance, session, representation: { mandateId, services, kind: row.kind, organisationIds: row.organisations ? row.organisations.split(',').filter(Boolean) : null } };
        mandateOfContext.set(context, row);
        return context;
      }
      // The mandate no longer holds: this request and every next one are the citizen's own.
      delete session.data.actingFor;
      await sessions.save(session);
      if (row && row.representative_id === session.citizenId) {
        await accounts.recordRepresented({ subjectId: row.grantor_id, actorId: session.citizenId, loginId: session.loginId, mandateId, service: null, name: 'mandate-no-longer-valid', ok: false });
      }
      return null;
    },

    /** The mandate this request's context was resolved from (read once per request), else a fresh read. */
    async mandateOf(context: CitizenContext): Promise<MandateRow | undefined> {
      if (!context.representation) return undefined;
      return mandateOfContext.get(context) ?? (await mandates.find(context.representation.mandateId));
    },

    /** Starts acting under a mandate: it must be usable, the login strong enough and the grantor alive. */
    async start(context: CitizenContext, mandateId: string): Promise<'ok' | 'not-usable' | 'assurance'> {
      if (context.representation) return 'not-usable';
      const row = await mandates.find(mandateId);
      // A DigiD Machtigen mandate is used only by the login that asserted it (set at login).
      if (!row || row.representative_id !== context.actor.citizenId || row.kind === 'digid-machtigen' || !usable(row, now())) return 'not-usable';
      if (!meetsAssurance(levelOf(context.session), ACTING_ASSURANCE)) return 'assurance';
      // A deceased citizen's mandates end; an unreachable register does not block (checked next time).
      if ((await mandates.checkAlive(row.grantor_id)) === 'deceased') return 'not-usable';
      context.session.data.actingFor = mandateId;
      await sessions.save(context.session);
      return 'ok';
    },

    async stop(session: Session): Promise<void> {
      if (!session.data.actingFor) return;
      delete session.data.actingFor;
      await sessions.save(session);
    },

    /**
     * A change by a representative is recorded before it runs (status 0, "unknown"): when the
     * record cannot be written the change does not happen, so nothing is done for someone without
     * a trace. Runs after the scope check and CSRF, so refused requests do not get here.
     */
    async beforeChange(request: FastifyRequest): Promise<void> {
      const context = request.citizen;
      const representation = context?.representation;
      if (!context || !representation || request.method === 'GET' || request.method === 'HEAD') return;
      const logId = await accounts.recordRepresented({
        subjectId: context.subject.citizenId,
        actorId: context.actor.citizenId,
        loginId: context.loginId,
        mandateId: representation.mandateId,
        service: request.routeOptions.config.representation ?? null,
        name: 'represented-change',
        ok: null,
        origin: requestOrigin(request),
      });
      pendingChanges.set(request, logId);
    },

    /**
     * The ledger entry of one request by a representative (R17): actor, subject, mandate, service,
     * route and outcome. A change's record, written before it ran, gets its outcome here. Refused
     * requests (404 outside scope, CSRF, rate limits, failures) are recorded by the security log
     * with the same mandate, so each is recorded once.
     */
    async recordRequest(request: FastifyRequest, statusCode: number): Promise<void> {
      const context = request.citizen;
      const representation = context?.representation;
      if (!context || !representation) return;
      const pending = pendingChanges.get(request);
      const service = request.routeOptions.config.representation ?? null;
      if (pending) {
        await accounts.finishRepresented({ logId: pending, ok: statusCode < 400 });
        if (statusCode < 400 && service !== 'anyone') await mandates.markUsed(representation.mandateId);
        return;
      }
      if (statusCode === 403 || statusCode === 404 || statusCode === 429 || statusCode >= 500) return;
      await accounts.recordRepresented({
        subjectId: context.subject.citizenId,
        actorId: context.actor.citizenId,
        loginId: context.loginId,
        mandateId: representation.mandateId,
        service,
        name: request.method === 'GET' || request.method === 'HEAD' ? 'represented-view' : 'represented-change',
        ok: statusCode < 400,
        origin: requestOrigin(request),
      });
      if (statusCode < 400 && service !== 'anyone') await mandates.markUsed(representation.mandateId);
    },
  };
}

export type Acting = ReturnType<typeof createActing>;
