import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openSessionPerson, type Accounts } from '../identity/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Keyring } from '../platform/crypto/keyring.ts';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import type { Acting } from './acting.ts';
import { GrantPage, type GrantField } from './grant-page.tsx';
import { LedgerPage, type LedgerRow } from './ledger-page.tsx';
import type { Mandates, MandateView } from './mandates.ts';
import { MandatesPage, REP_PATH } from './mandates-page.tsx';
import { isService } from './services.ts';

export interface RepresentationRouteDeps {
  mandates: Mandates;
  acting: Acting;
  accounts: Accounts;
  keyring: Keyring;
  organisations: OrganisationRegistry;
  screenName(citizenId: string): Promise<string | null>;
}

/** Outcomes shown after a redirect (post/redirect/get); the slug is in the URL, never personal data. */
const NOTICES = {
  gegeven: { kind: 'ok', key: 'rep.notice.granted' },
  geaccepteerd: { kind: 'ok', key: 'rep.notice.accepted' },
  'code-onjuist': { kind: 'error', key: 'rep.notice.wrongCode' },
  geweigerd: { kind: 'ok', key: 'rep.notice.rejected' },
  beeindigd: { kind: 'ok', key: 'rep.notice.ended' },
  'niet-bruikbaar': { kind: 'error', key: 'rep.notice.notUsable' },
  niveau: { kind: 'error', key: 'rep.notice.assurance' },
  'meldingen-aan': { kind: 'ok', key: 'rep.notice.notifyOn' },
  'meldingen-uit': { kind: 'ok', key: 'rep.notice.notifyOff' },
} as const satisfies Record<string, { kind: 'ok' | 'error'; key: string }>;

const GRANT_ERRORS = {
  'bsn-invalid': 'bsn',
  self: 'bsn',
  'not-eligible': 'bsn',
  unavailable: 'bsn',
  'no-services': 'services',
  'no-organisations': 'organisations',
  'organisations-conflict': 'organisations',
  'unknown-organisation': 'organisations',
  dates: 'until',
} as const satisfies Record<string, GrantField>;

const SELF = { config: { representation: 'self' } } as const;

function mandateIdOf(request: FastifyRequest): string {
  const id = (request.params as { id?: unknown }).id;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new HttpError(404, 'not-found');
  return id;
}

function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function fields(request: FastifyRequest, name: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The organisations a mandate can be limited to: active ones that send messages or cases, by name. */
async function limitableOrganisations(organisations: OrganisationRegistry): Promise<{ id: string; name: string }[]> {
  return (await organisations.list())
    .filter((organisation) => organisation.active && (organisation.capabilities.includes('inbox') || organisation.capabilities.includes('cases')))
    .map((organisation) => ({ id: organisation.organisationId, name: organisation.name }));
}

/**
 * The grant form's organisation choice (R17): "alle" gives null (every organisation), "keuze" the
 * ticked ones, each of which must be one the form offered; anything else refuses the whole form.
 */
async function chosenOrganisations(request: FastifyRequest, organisations: OrganisationRegistry): Promise<{ ok: true; ids: string[] | null } | { ok: false; reason: 'no-organisations' | 'organisations-conflict' | 'unknown-organisation' }> {
  const ticked = [...new Set(fields(request, 'organisatie'))];
  if (field(request, 'organisaties') !== 'keuze') return ticked.length === 0 ? { ok: true, ids: null } : { ok: false, reason: 'organisations-conflict' };
  if (ticked.length === 0) return { ok: false, reason: 'no-organisations' };
  const known = new Set((await limitableOrganisations(organisations)).map((organisation) => organisation.id));
  return ticked.every((id) => known.has(id)) ? { ok: true, ids: ticked } : { ok: false, reason: 'unknown-organisation' };
}

/** The citizen's own name for the other side to see: the register's name of this login, else the screen name. */
async function ownName(request: FastifyRequest, deps: RepresentationRouteDeps, citizenId: string): Promise<string> {
  const context = requireCitizen(request);
  return openSessionPerson(deps.keyring, context.session)?.name ?? (await deps.screenName(citizenId)) ?? '';
}

/** Machtigingen pages, acting for someone and the ledger pages (R17). */
export function representationRoutes(app: FastifyInstance, deps: RepresentationRouteDeps): void {
  const { mandates, acting } = deps;

  app.get(REP_PATH, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const { given, received } = await mandates.listFor(context.actor.citizenId);
    const slug = (request.query as { melding?: unknown }).melding;
    const notice = typeof slug === 'string' && slug in NOTICES ? NOTICES[slug as keyof typeof NOTICES] : null;
    const names = new Map((await deps.organisations.list()).map((organisation) => [organisation.organisationId, organisation.name]));
    return reply.page({
      title: t('rep.title'),
      error: notice?.kind === 'error',
      body: (
        <MandatesPage
          t={t}
          language={language}
          csrfToken={request.csrfToken() ?? ''}
          given={given}
          received={received}
          notice={notice ? { kind: notice.kind, text: t(notice.key) } : null}
          organisationName={(id) => (id ? (names.get(id) ?? '') : '')}
        />
      ),
    });
  });

  app.get(`${REP_PATH}/nieuw`, SELF, async (request, reply) => {
    requireCitizen(request);
    const { t } = request;
    const code = (request.query as { fout?: unknown }).fout;
    const error = typeof code === 'string' && code in GRANT_ERRORS ? { text: t(`rep.error.${code}`), field: GRANT_ERRORS[code as keyof typeof GRANT_ERRORS] } : null;
    const organisations = await limitableOrganisations(deps.organisations);
    return reply.page({ title: t('rep.new.title'), error: error !== null, body: <GrantPage t={t} csrfToken={request.csrfToken() ?? ''} organisations={organisations} error={error} /> });
  });

  app.post(`${REP_PATH}/nieuw`, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    const services = fields(request, 'dienst').filter(isService);
    const until = field(request, 'tot').trim();
    let validUntil: Date | null = null;
    if (until) {
      // The whole last day counts: the mandate ends at the start of the next day.
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(until) ? new Date(`${until}T00:00:00Z`) : null;
      if (!parsed || Number.isNaN(parsed.getTime())) return reply.redirect(`${REP_PATH}/nieuw?fout=dates`, 303);
      validUntil = new Date(parsed.getTime() + 24 * 60 * 60 * 1000);
    }
    const organisations = await chosenOrganisations(request, deps.organisations);
    if (!organisations.ok) return reply.redirect(`${REP_PATH}/nieuw?fout=${organisations.reason}`, 303);
    const outcome = await mandates.grant({
      grantorId: context.actor.citizenId,
      grantorName: await ownName(request, deps, context.actor.citizenId),
      representativeBsn: field(request, 'bsn'),
      services,
      organisations: organisations.ids ?? undefined,
      validUntil,
    });
    if (!outcome.ok) return reply.redirect(`${REP_PATH}/nieuw?fout=${outcome.reason}`, outcome.reason === 'unavailable' ? 303 : 303);
    return reply.redirect(`${REP_PATH}?melding=gegeven`, 303);
  });

  app.post(`${REP_PATH}/:id/accepteren`, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    const result = await mandates.accept({
      representativeId: context.actor.citizenId,
      representativeName: await ownName(request, deps, context.actor.citizenId),
      mandateId: mandateIdOf(request),
      code: field(request, 'code'),
    });
    if (result === 'not-found') throw new HttpError(404, 'not-found');
    return reply.redirect(`${REP_PATH}?melding=${result === 'accepted' ? 'geaccepteerd' : 'code-onjuist'}`, 303);
  });

  app.post(`${REP_PATH}/:id/weigeren`, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    if (!(await mandates.reject({ representativeId: context.actor.citizenId, mandateId: mandateIdOf(request) }))) throw new HttpError(404, 'not-found');
    return reply.redirect(`${REP_PATH}?melding=geweigerd`, 303);
  });

  app.post(`${REP_PATH}/:id/beeindigen`, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    if (!(await mandates.end({ citizenId: context.actor.citizenId, mandateId: mandateIdOf(request) }))) throw new HttpError(404, 'not-found');
    return reply.redirect(`${REP_PATH}?melding=beeindigd`, 303);
  });

  // A mail to the representative about the represented citizen's new messages: on or off (R17).
  app.post(`${REP_PATH}/:id/berichtmeldingen`, SELF, async (request, reply) => {
    const context = requireCitizen(request);
    const on = field(request, 'meldingen') === 'aan';
    if (!(await mandates.setMessageNotifications({ representativeId: context.actor.citizenId, mandateId: mandateIdOf(request), on }))) throw new HttpError(404, 'not-found');
    return reply.redirect(`${REP_PATH}?melding=${on ? 'meldingen-aan' : 'meldingen-uit'}`, 303);
  });

  // Choosing "for whom": only from one's own context (no acting onward from an acting session).
  app.post('/namens', SELF, async (request, reply) => {
    const context = requireCitizen(request);
    const result = await acting.start(context, field(request, 'machtiging'));
    if (result === 'ok') return reply.redirect('/', 303);
    return reply.redirect(`${REP_PATH}?melding=${result === 'assurance' ? 'niveau' : 'niet-bruikbaar'}`, 303);
  });

  app.post('/namens/stoppen', { config: { representation: 'anyone' } }, async (request, reply) => {
    const context = requireCitizen(request);
    await acting.stop(context.session);
    return reply.redirect(REP_PATH, 303);
  });

  const ledger = async (request: FastifyRequest, side: 'subject' | 'actor') => {
    const context = requireCitizen(request);
    const me = context.actor.citizenId;
    const entries = await deps.accounts.representedActions(side === 'subject' ? { subjectId: me } : { actorId: me });
    const { given, received } = await mandates.listFor(me);
    const byId = new Map<string, MandateView>([...given, ...received].map((view) => [view.id, view]));
    const rows: LedgerRow[] = entries.flatMap((entry) => {
      const mandate = entry.mandate_id ? byId.get(entry.mandate_id) : undefined;
      if (!mandate) return [];
      return [
        {
          at: new Date(entry.start_time),
          otherName: side === 'subject' ? (mandate.representativeName ?? '') : mandate.grantorName,
          name: entry.operation_name,
          service: entry.mandate_service,
          ok: entry.status_code === 1,
          mandateId: mandate.id,
          revocable: mandate.kind === 'mandate' && (mandate.status === 'active' || mandate.status === 'pending'),
        },
      ];
    });
    return rows;
  };

  app.get(`${REP_PATH}/namens-mij`, SELF, async (request, reply) => {
    const { t, language } = request;
    const rows = await ledger(request, 'subject');
    return reply.page({ title: t('rep.ledger.subject'), body: <LedgerPage t={t} language={language} csrfToken={request.csrfToken() ?? ''} side="subject" rows={rows} /> });
  });

  app.get(`${REP_PATH}/mijn-handelingen`, SELF, async (request, reply) => {
    const { t, language } = request;
    const rows = await ledger(request, 'actor');
    return reply.page({ title: t('rep.ledger.actor'), body: <LedgerPage t={t} language={language} csrfToken={request.csrfToken() ?? ''} side="actor" rows={rows} /> });
  });
}
