import type { FastifyInstance } from 'fastify';
import { formatDateTime } from '../platform/i18n.ts';
import type { SessionManager } from '../platform/http/sessions.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import type { Accounts } from './accounts.ts';

export const SESSIONS_PATH = '/mijn-account/sessies';

/**
 * The citizen's active sessions (start, last use, device class, level) and "log out everywhere
 * else". Only the actor's own sessions are listed; ending them closes their login history.
 */
export function sessionRoutes(app: FastifyInstance, deps: { sessions: SessionManager; accounts: Accounts }): void {
  app.get(SESSIONS_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const list = await deps.sessions.listForCitizen(context.actor.citizenId);
    const ended = (request.query as { beeindigd?: unknown }).beeindigd;
    return reply.page({
      title: t('sessions.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('sessions.title')}</h1>
          {typeof ended === 'string' && /^\d{1,4}$/.test(ended) ? (
            <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
              {t('sessions.ended', { count: ended })}
            </p>
          ) : null}
          <p class="utrecht-paragraph">{t('sessions.intro')}</p>
          <table class="bp-table" data-testid="sessions">
            <thead>
              <tr>
                <th scope="col">{t('sessions.started')}</th>
                <th scope="col">{t('sessions.lastUsed')}</th>
                <th scope="col">{t('sessions.device')}</th>
                <th scope="col">{t('sessions.level')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((session) => {
                const current = session.hash.equals(context.session.hash);
                return (
                  <tr data-testid="session-row" data-current={String(current)}>
                    <td>{formatDateTime(session.createdAt, language)}</td>
                    <td>{current ? t('sessions.thisOne') : formatDateTime(session.lastSeenAt, language)}</td>
                    <td>{t(`sessions.device.${session.data.deviceClass ?? 'other'}`)}</td>
                    <td>{session.data.assurance ?? 'basis'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.length > 1 ? (
            <form method="post" action={`${SESSIONS_PATH}/andere-uitloggen`}>
              <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
              <button type="submit" class="utrecht-button utrecht-button--primary-action">
                {t('sessions.endOthers')}
              </button>
            </form>
          ) : null}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/mijn-account">
              {t('sessions.back')}
            </a>
          </p>
        </div>
      ),
    });
  });

  app.post(`${SESSIONS_PATH}/andere-uitloggen`, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const ended = await deps.sessions.endOthers(context.actor.citizenId, context.session);
    if (ended > 0) await deps.accounts.recordActivity({ citizenId: context.subject.citizenId, actorId: context.actor.citizenId, loginId: context.loginId, action: 'sessions-ended-elsewhere', detail: String(ended) });
    return reply.redirect(`${SESSIONS_PATH}?beeindigd=${ended}`, 303);
  });
}
