import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import { mailsSentBetween } from '../notifications/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import { requireConsoleUser } from '../platform/console.ts';
import type { Db } from '../platform/db/database.ts';
import type { PortalModule } from '../platform/module.ts';
import { parseAmsterdamLocal, toAmsterdamLocal } from './amsterdam-time.ts';
import { capacityApiRoutes } from './api-routes.ts';
import { createCapacityPlan, reservedPerMinute, WaveInputError } from './capacity-plan.ts';
import { CapacityChart, CapacityTable, hourLabel, type HourFigures } from './dashboard.tsx';
import { capacityMessages } from './messages.ts';

const HOUR_MS = 3_600_000;
const PLANNERS = ['planner', 'administrator'] as const;

/**
 * Capacity planning (R27): organisations (over the API) and planners (in the console) announce
 * waves; deliveries above the baseline rate without one are refused; the dashboard shows announced
 * against delivered per hour with the measured capacity.
 */
export function createCapacityModule(deps: {
  db: Db;
  now: () => Date;
  audit: AuditLog;
  organisations: OrganisationRegistry;
  config: { capacity: { baselinePerMinute: number; platformPerSecond: number } };
}) {
  const settings = deps.config.capacity;
  const plan = createCapacityPlan({ db: deps.db, now: deps.now, settings });

  /** The dashboard's range: 12 hours back to 36 hours ahead, whole hours. */
  async function figures(organisationId: string | null): Promise<{ hours: HourFigures[]; capacityPerHour: number }> {
    const start = Math.floor(deps.now().getTime() / HOUR_MS) * HOUR_MS - 12 * HOUR_MS;
    const range = { from: new Date(start), to: new Date(start + 48 * HOUR_MS) };
    const [hourly, mails] = await Promise.all([plan.hourly(range), mailsSentBetween(deps.db, range)]);
    const mailsAt = new Map(mails.map((row) => [row.hour.getTime(), row.mails]));
    return {
      capacityPerHour: hourly.capacityPerHour,
      hours: hourly.hours.map((hour) => {
        const rows = hour.perOrganisation.filter((row) => !organisationId || row.organisationId === organisationId);
        return {
          hour: hour.hour,
          announced: rows.reduce((sum, row) => sum + row.announced, 0),
          delivered: rows.reduce((sum, row) => sum + row.delivered, 0),
          mails: mailsAt.get(hour.hour.getTime()) ?? 0,
          // The warning is about the platform: all organisations' waves together.
          overCapacity: hour.overCapacity,
        };
      }),
    };
  }

  async function dashboard(request: FastifyRequest, notice: { text: string; error: boolean } | null, status = 200) {
    const { t, language } = request;
    const query = request.query as Record<string, string | undefined>;
    const organisations = await deps.organisations.list();
    const selected = organisations.find((organisation) => organisation.organisationId === query.organisatie)?.organisationId ?? null;
    const names = new Map(organisations.map((organisation) => [organisation.organisationId, organisation.name]));
    const data = await figures(selected);
    const now = deps.now();
    const waves = await plan.plans({ from: now, to: new Date(now.getTime() + 366 * 24 * HOUR_MS) });
    const overHours = data.hours.filter((hour) => hour.overCapacity).length;
    const number = (value: number) => value.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB');
    const user = requireConsoleUser(request);
    const csrf = request.csrfToken() ?? '';
    const canPlan = user.roles.includes('planner');
    return {
      status,
      title: t('capacity.title'),
      body: (
        <>
          <h1 class="utrecht-heading-1">{t('capacity.title')}</h1>
          {notice ? (
            <div class={`bp-notice ${notice.error ? 'bp-notice--error' : 'bp-notice--ok'}`} role={notice.error ? 'alert' : 'status'}>
              <p class="utrecht-paragraph">{notice.text}</p>
            </div>
          ) : null}
          <p class="utrecht-paragraph">{t('capacity.intro', { baseline: number(settings.baselinePerMinute), capacity: number(data.capacityPerHour) })}</p>
          {overHours > 0 ? (
            <div class="bp-notice bp-notice--due" data-testid="capacity-warning">
              <p class="utrecht-paragraph">{t(overHours === 1 ? 'capacity.warning.one' : 'capacity.warning', { count: overHours })}</p>
            </div>
          ) : null}
          <form method="get" action="/beheer/capaciteit" class="bp-field">
            <label for="organisatie">{t('capacity.filter.organisation')}</label>
            <select id="organisatie" name="organisatie">
              <option value="">{t('capacity.filter.all')}</option>
              {organisations.map((organisation) => (
                <option value={organisation.organisationId} selected={organisation.organisationId === selected}>{organisation.name}</option>
              ))}
            </select>
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">{t('capacity.filter.submit')}</button>
          </form>
          <CapacityChart hours={data.hours} capacityPerHour={data.capacityPerHour} t={t} language={language} />
          <CapacityTable hours={data.hours} t={t} language={language} />
          <h2 class="utrecht-heading-2">{t('capacity.waves.title')}</h2>
          {waves.length === 0 ? (
            <p class="utrecht-paragraph">{t('capacity.waves.none')}</p>
          ) : (
            <table class="utrecht-table bp-table bp-table--stack" data-testid="capacity-waves">
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th scope="col" class="utrecht-table__header-cell">{t('capacity.waves.organisation')}</th>
                  <th scope="col" class="utrecht-table__header-cell">{t('capacity.waves.window')}</th>
                  <th scope="col" class="utrecht-table__header-cell">{t('capacity.waves.expected')}</th>
                  <th scope="col" class="utrecht-table__header-cell">{t('capacity.waves.reserved')}</th>
                  {canPlan ? <td class="utrecht-table__header-cell" /> : null}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {waves.map((wave) => (
                  <tr class="utrecht-table__row">
                    <td class="utrecht-table__cell" data-label={t('capacity.waves.organisation')}>{names.get(wave.organisationId) ?? wave.organisationId}</td>
                    <td class="utrecht-table__cell" data-label={t('capacity.waves.window')}>{`${hourLabel(wave.windowStart, language)} – ${hourLabel(wave.windowEnd, language)}`}</td>
                    <td class="utrecht-table__cell" data-label={t('capacity.waves.expected')}>{number(wave.expectedMessages)}</td>
                    <td class="utrecht-table__cell" data-label={t('capacity.waves.reserved')}>{number(reservedPerMinute(wave))}</td>
                    {canPlan ? (
                      <td class="utrecht-table__cell">
                        <form method="post" action={`/beheer/capaciteit/golven/${wave.planId}/annuleren`} class="bp-inline-form">
                          <input type="hidden" name="_csrf" value={csrf} />
                          <button class="utrecht-button utrecht-button--secondary-action" type="submit">{t('capacity.waves.cancel')}</button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canPlan ? (
            <>
              <h2 class="utrecht-heading-2">{t('capacity.announce.title')}</h2>
              <form method="post" action="/beheer/capaciteit/golven" data-testid="announce-wave">
                <input type="hidden" name="_csrf" value={csrf} />
                <div class="bp-field">
                  <label for="wave-organisation">{t('capacity.waves.organisation')}</label>
                  <select id="wave-organisation" name="organisation" required>
                    {organisations.map((organisation) => (
                      <option value={organisation.organisationId}>{organisation.name}</option>
                    ))}
                  </select>
                </div>
                <div class="bp-field">
                  <label for="wave-start">{t('capacity.announce.start')}</label>
                  <input type="datetime-local" id="wave-start" name="start" required value={toAmsterdamLocal(new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS))} />
                </div>
                <div class="bp-field">
                  <label for="wave-end">{t('capacity.announce.end')}</label>
                  <input type="datetime-local" id="wave-end" name="end" required />
                </div>
                <div class="bp-field">
                  <label for="wave-expected">{t('capacity.announce.expected')}</label>
                  <input type="number" inputmode="numeric" min="1" id="wave-expected" name="expected" required />
                </div>
                <button class="utrecht-button utrecht-button--primary-action" type="submit">{t('capacity.announce.submit')}</button>
              </form>
            </>
          ) : null}
        </>
      ),
    };
  }

  const module = {
    name: 'capacity',
    texts: capacityMessages,
    admitDeliveries: (input: { organisationId: string; count: number }) => plan.admit(input),
    jobs: [{ name: 'capacity-prune', intervalMs: 60 * 60 * 1000, run: () => plan.prune() }],
    api(app: FastifyInstance) {
      capacityApiRoutes(app, { plan, settings, now: deps.now });
    },
    console: {
      nav: [{ href: '/beheer/capaciteit', labelKey: 'capacity.nav', order: 40, roles: [...PLANNERS] }],
      routes(app: FastifyInstance) {
        app.get('/capaciteit', { config: { consoleRoles: PLANNERS } }, async (request, reply) => {
          const melding = (request.query as Record<string, string | undefined>).melding;
          const notice = melding === 'aangekondigd' ? { text: request.t('capacity.announce.done'), error: false } : melding === 'geannuleerd' ? { text: request.t('capacity.cancel.done'), error: false } : null;
          return reply.consolePage(await dashboard(request, notice));
        });

        app.post('/capaciteit/golven', { config: { consoleRoles: ['planner'] } }, async (request, reply) => {
          const user = requireConsoleUser(request);
          const body = (request.body ?? {}) as Record<string, string | undefined>;
          const start = parseAmsterdamLocal(body.start ?? '');
          const end = parseAmsterdamLocal(body.end ?? '');
          const organisation = (await deps.organisations.list()).find((candidate) => candidate.organisationId === body.organisation);
          const refuse = async (reason: string) => reply.consolePage(await dashboard(request, { text: request.t('capacity.announce.invalid', { reason }), error: true }, 400));
          if (!organisation) return refuse(request.t('capacity.announce.unknownOrganisation'));
          if (!start || !end) return refuse(request.t('capacity.announce.invalidDate'));
          try {
            await deps.db.transaction().execute(async (trx) => {
              const wave = await plan.announce({ organisationId: organisation.organisationId, windowStart: start, windowEnd: end, expectedMessages: Number(body.expected), announcedBy: user.accountId }, trx);
              await deps.audit.append(trx, {
                actor: { kind: 'console', id: user.accountId, name: user.fullName },
                action: 'wave.announce',
                target: { type: 'wave', id: wave.planId },
                after: { organisationId: wave.organisationId, windowStart: wave.windowStart.toISOString(), windowEnd: wave.windowEnd.toISOString(), expectedMessages: wave.expectedMessages },
                clientAddress: user.clientAddress,
              });
            });
          } catch (error) {
            if (error instanceof WaveInputError) return refuse(error.message);
            throw error;
          }
          return reply.redirect('/beheer/capaciteit?melding=aangekondigd', 303);
        });

        app.post('/capaciteit/golven/:id/annuleren', { config: { consoleRoles: ['planner'] } }, async (request, reply) => {
          const user = requireConsoleUser(request);
          const { id } = request.params as { id: string };
          const cancelled = /^[0-9a-f-]{36}$/.test(id)
            ? await deps.db.transaction().execute(async (trx) => {
                const done = await plan.cancel({ organisationId: null, planId: id }, trx);
                if (done) await deps.audit.append(trx, { actor: { kind: 'console', id: user.accountId, name: user.fullName }, action: 'wave.cancel', target: { type: 'wave', id }, clientAddress: user.clientAddress });
                return done;
              })
            : false;
          if (!cancelled) return reply.code(404).consolePage({ title: request.t('capacity.title'), body: <p class="utrecht-paragraph">{request.t('capacity.waves.none')}</p> });
          return reply.redirect('/beheer/capaciteit?melding=geannuleerd', 303);
        });
      },
    },
  } satisfies PortalModule;
  return { ...module, plan };
}
