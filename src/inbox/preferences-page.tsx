import type { FastifyInstance } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import type { Translate } from '../platform/i18n.ts';
import { parseUuid } from './inbox-params.ts';
import type { MessagePreferences, PreferenceRow } from './message-preferences.ts';

type Notice = { kind: 'ok' | 'error'; text: string };

/** Outcomes in the redirect URL (post/redirect/get): F5 and the language switch show them again. */
const OUTCOMES = {
  aan: { kind: 'ok', key: 'preferences.saved.on' },
  uit: { kind: 'ok', key: 'preferences.saved.off' },
  verplicht: { kind: 'error', key: 'preferences.refused.mandatory' },
} as const;
type Outcome = keyof typeof OUTCOMES;

const PATH = '/instellingen/berichtvoorkeuren';

function PreferencesPage(props: { t: Translate; rows: PreferenceRow[]; csrfToken: string; notice: Notice | null }) {
  const { t } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('preferences.title')}</h1>
      {props.notice ? (
        <p class={`bp-notice bp-notice--${props.notice.kind} utrecht-paragraph`} role={props.notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          {props.notice.text}
        </p>
      ) : null}
      <p class="utrecht-paragraph">{t('preferences.intro')}</p>
      {props.rows.length === 0 ? (
        <p class="utrecht-paragraph">{t('preferences.none')}</p>
      ) : (
        <table class="utrecht-table bp-table bp-table--stack" data-testid="preferences">
          <caption class="utrecht-table__caption">{t('preferences.caption')}</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">{t('preferences.organisation')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('preferences.status')}</th>
              <th scope="col" class="utrecht-table__header-cell">{t('preferences.change')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {props.rows.map((row) => (
              <tr class="utrecht-table__row" data-testid="preference" data-organisation={row.name} data-allowed={row.allowed ? 'true' : 'false'}>
                <th scope="row" class="utrecht-table__cell">{row.name}</th>
                <td class="utrecht-table__cell" data-label={t('preferences.status')}>
                  {row.mandatory ? (
                    <>
                      <strong>{t('preferences.fixed')}</strong>
                      <p class="bp-hint utrecht-paragraph" data-testid="mandatory-reason">
                        {t('preferences.mandatory')}
                      </p>
                    </>
                  ) : (
                    <strong>{row.allowed ? t('preferences.on') : t('preferences.off')}</strong>
                  )}
                </td>
                <td class="utrecht-table__cell">
                  {row.mandatory ? (
                    '—'
                  ) : (
                    <form method="post" action={PATH}>
                      <input type="hidden" name="_csrf" value={props.csrfToken} />
                      <input type="hidden" name="organisatie" value={row.organisationId} />
                      <input type="hidden" name="toestaan" value={row.allowed ? 'nee' : 'ja'} />
                      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                        {row.allowed ? t('preferences.turnOff') : t('preferences.turnOn')}
                        <span class="rhc-visually-hidden"> {t('preferences.for', { organisation: row.name })}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Berichtvoorkeuren (R8): per inbox organisation on or off; mandatory channels fixed on, with the reason. */
export function preferencesRoutes(app: FastifyInstance, deps: { preferences: MessagePreferences }): void {
  app.get(PATH, { config: { representation: 'berichtenbox-manage' } }, async (request, reply) => {
    const { subject } = requireCitizen(request);
    const { t } = request;
    const rows = await deps.preferences.list(subject.citizenId);
    const query = request.query as { melding?: unknown; organisatie?: unknown };
    const outcome = typeof query.melding === 'string' && query.melding in OUTCOMES ? OUTCOMES[query.melding as Outcome] : null;
    const organisationId = parseUuid(query.organisatie);
    const row = rows.find((candidate) => candidate.organisationId === organisationId);
    const notice: Notice | null = outcome && row ? { kind: outcome.kind, text: t(outcome.key, { organisation: row.name }) } : null;
    return reply.page({
      status: notice?.kind === 'error' ? 400 : 200,
      title: t('preferences.title'),
      body: <PreferencesPage t={t} rows={rows} csrfToken={request.csrfToken() ?? ''} notice={notice} />,
    });
  });

  // Post/redirect/get: the result is shown on the page itself, so F5 does not send the form again.
  app.post(PATH, { config: { representation: 'berichtenbox-manage' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const body = request.body as { organisatie?: unknown; toestaan?: unknown };
    const organisationId = parseUuid(body.organisatie);
    const allowed = body.toestaan === 'ja' ? true : body.toestaan === 'nee' ? false : null;
    if (!organisationId) throw new HttpError(404, 'not-found');
    if (allowed === null) throw new HttpError(400, 'bad-request');
    const outcome = await deps.preferences.save({ acting: context, organisationId, allowed });
    if (outcome.kind === 'not-found') throw new HttpError(404, 'not-found');
    const slug: Outcome = outcome.kind === 'mandatory' ? 'verplicht' : outcome.allowed ? 'aan' : 'uit';
    return reply.redirect(`${PATH}?melding=${slug}&organisatie=${organisationId}`, 303);
  });
}
