import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireConsoleUser } from '../platform/console.ts';
import { CONSOLE_ROLES, ConsoleInputError, type ConsoleAccounts } from './console-accounts.ts';
import { consoleActor } from './console-actor.ts';
import { ErrorSummary, fieldText, Notice, TextField, type FieldError } from './console-forms.tsx';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

/** Every console user changes their own password here (NIST 800-63B: no forced periodic change). */
export function passwordRoutes(app: FastifyInstance, accounts: ConsoleAccounts) {
  const page = (request: FastifyRequest, reply: FastifyReply, error: FieldError | null, saved = false) => {
    requireConsoleUser(request);
    const { t } = request;
    return reply.consolePage({
      status: error ? 400 : 200,
      title: t('console.password.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('console.password.title')}</h1>
          <Notice text={saved ? t('console.password.saved') : null} />
          <ErrorSummary t={t} error={error} />
          <form method="post" action="/beheer/wachtwoord" class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <TextField name="current" type="password" label={t('console.password.current')} error={error} autocomplete="current-password" />
            <TextField name="password" type="password" label={t('console.account.newPassword')} hint={t('console.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })} error={error} autocomplete="new-password" />
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('console.password.submit')}
            </button>
          </form>
        </div>
      ),
    });
  };

  app.get('/wachtwoord', { config: { consoleRoles: CONSOLE_ROLES } }, (request, reply) => page(request, reply, null, (request.query as { melding?: string }).melding === 'gewijzigd'));

  app.post('/wachtwoord', { config: { consoleRoles: CONSOLE_ROLES } }, async (request, reply) => {
    const actor = consoleActor(request);
    try {
      await accounts.changeOwnPassword(actor.id, fieldText(request.body, 'current'), fieldText(request.body, 'password'), actor);
      return reply.redirect('/beheer/wachtwoord?melding=gewijzigd', 303);
    } catch (error) {
      if (error instanceof ConsoleInputError) return page(request, reply, { field: error.field, text: request.t(error.key, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }) });
      throw error;
    }
  });
}
