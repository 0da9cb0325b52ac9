import type { FastifyInstance } from 'fastify';
import { deliveryFigures, REFUSAL_CLASSES } from '../inbox/index.ts';
import { notificationOutcomes } from '../notifications/index.ts';
import type { OrganisationRegistry } from '../organisations/index.ts';
import { requireConsoleUser } from '../platform/console.ts';
import type { Db } from '../platform/db/database.ts';
import { HttpError } from '../platform/http/errors.ts';
import { formatDate } from '../platform/i18n.ts';

const PERIODS = [7, 30, 365] as const;
const OUTCOMES = ['sent', 'bounced', 'failed', 'no-verified-address'] as const;

/**
 * The Organisation role's page: its own organisation's delivery figures (R26). Only counts; the
 * organisation comes from the account, never from the URL, and no content or BSN is read.
 */
export function figuresRoutes(app: FastifyInstance, deps: { db: Db; organisations: OrganisationRegistry; now: () => Date }) {
  app.get('/cijfers', { config: { consoleRoles: ['organisation'] } }, async (request, reply) => {
    const user = requireConsoleUser(request);
    const organisation = user.organisationId ? await deps.organisations.get(user.organisationId) : null;
    if (!organisation) throw new HttpError(404, 'not-found');
    const { t, language } = request;
    const asked = Number((request.query as { dagen?: string }).dagen);
    const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
    const since = new Date(deps.now().getTime() - days * 86_400_000);
    const figures = await deliveryFigures(deps.db, organisation.organisationId, since);
    const outcomes = await notificationOutcomes(deps.db, figures.notificationIds);
    const refused = new Map(figures.refused.map((row) => [row.reason, row.count]));
    const outcomeKeys = [...OUTCOMES, ...[...outcomes.keys()].filter((key) => !(OUTCOMES as readonly string[]).includes(key))];
    return reply.consolePage({
      title: t('console.figures.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('console.figures.heading', { organisation: organisation.name })}</h1>
          <p class="utrecht-paragraph">{t('console.figures.intro', { since: formatDate(since, language) })}</p>
          <form method="get" action="/beheer/cijfers" class="bp-search">
            <div class="bp-field">
              <label for="dagen">{t('console.figures.period')}</label>
              <select id="dagen" name="dagen">
                {PERIODS.map((period) => (
                  <option value={String(period)} selected={period === days}>
                    {t('console.figures.days', { days: period })}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {t('console.figures.show')}
            </button>
          </form>
          <dl class="utrecht-data-list">
            <div>
              <dt class="utrecht-data-list__item-key">{t('console.figures.sent')}</dt>
              <dd class="utrecht-data-list__item-value" data-testid="figures-sent">
                {figures.sent}
              </dd>
            </div>
          </dl>
          <table class="bp-table" data-testid="figures-refused">
            <caption>{t('console.figures.refused')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.figures.reason')}</th>
                <th scope="col">{t('console.figures.count')}</th>
              </tr>
            </thead>
            <tbody>
              {REFUSAL_CLASSES.map((reason) => (
                <tr>
                  <th scope="row">{t(`console.refusal.${reason}`)}</th>
                  <td data-testid={`refused-${reason}`}>{refused.get(reason) ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="bp-table" data-testid="figures-notifications">
            <caption>{t('console.figures.notifications')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.figures.outcome')}</th>
                <th scope="col">{t('console.figures.count')}</th>
              </tr>
            </thead>
            <tbody>
              {outcomeKeys.map((outcome) => (
                <tr>
                  <th scope="row">{(OUTCOMES as readonly string[]).includes(outcome) ? t(`console.outcome.${outcome}`) : outcome}</th>
                  <td data-testid={`outcome-${outcome}`}>{outcomes.get(outcome) ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ),
    });
  });
}
