import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Organisation, OrganisationRegistry } from '../organisations/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { formatDateTime, type Translate } from '../platform/i18n.ts';
import { CONSOLE_ROLES, ConsoleInputError, type Account, type ConsoleAccounts } from './console-accounts.ts';
import { consoleActor } from './console-actor.ts';
import { Checkboxes, ErrorSummary, fieldFlag, fieldList, fieldText, Flag, Notice, TextField, type FieldError } from './console-forms.tsx';
import type { ConsoleSessions } from './console-sessions.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { groupedSecret, totpQrSvg, totpUri } from './totp.ts';

const ADMIN = { consoleRoles: ['administrator'] } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AccountForm {
  organisationId: string;
  username: string;
  fullName: string;
  businessPhone: string;
  businessEmail: string;
  contactPerson: boolean;
  operatorStaff: boolean;
  roles: string[];
}

function formOf(body: unknown): AccountForm {
  return {
    organisationId: fieldText(body, 'organisationId'),
    username: fieldText(body, 'username'),
    fullName: fieldText(body, 'fullName'),
    businessPhone: fieldText(body, 'businessPhone'),
    businessEmail: fieldText(body, 'businessEmail'),
    contactPerson: fieldFlag(body, 'contactPerson'),
    operatorStaff: fieldFlag(body, 'operatorStaff'),
    roles: fieldList(body, 'roles'),
  };
}

function formFromAccount(account: Account): AccountForm {
  return {
    organisationId: account.organisationId ?? '',
    username: account.username,
    fullName: account.fullName,
    businessPhone: account.businessPhone ?? '',
    businessEmail: account.businessEmail ?? '',
    contactPerson: account.contactPerson,
    operatorStaff: account.operatorStaff,
    roles: account.roles,
  };
}

function fieldErrorOf(error: ConsoleInputError, t: Translate): FieldError {
  return { field: error.field, text: t(error.key, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }) };
}

/** Administrators manage console accounts and their roles (R26); every change is audited in its transaction. */
export function accountRoutes(app: FastifyInstance, deps: { accounts: ConsoleAccounts; organisations: OrganisationRegistry; sessions: ConsoleSessions }) {
  const { accounts, organisations } = deps;

  /** The organisation chosen in a form, if it exists (an unknown id is treated as none chosen). */
  const organisationOf = async (id: string): Promise<Organisation | null> => (UUID.test(id) ? organisations.get(id) : null);

  app.get('/accounts', { config: ADMIN }, async (request, reply) => {
    const { t, language } = request;
    const [list, orgs] = await Promise.all([accounts.list(), organisations.list()]);
    const names = new Map(orgs.map((organisation) => [organisation.organisationId, organisation.name]));
    return reply.consolePage({
      title: t('console.accounts.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('console.accounts.title')}</h1>
          <p class="utrecht-paragraph">
            <a class="utrecht-button-link utrecht-button-link--primary-action" href="/beheer/accounts/nieuw">
              {t('console.accounts.new')}
            </a>
          </p>
          <table class="bp-table bp-table--stack" data-testid="accounts">
            <caption>{t('console.accounts.caption', { count: list.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.account.username')}</th>
                <th scope="col">{t('console.account.fullName')}</th>
                <th scope="col">{t('console.account.organisation')}</th>
                <th scope="col">{t('console.account.roles')}</th>
                <th scope="col">{t('console.account.status')}</th>
                <th scope="col">{t('console.account.lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((account) => (
                <tr>
                  <td data-label={t('console.account.username')}>
                    <a class="utrecht-link" href={`/beheer/accounts/${account.accountId}`}>
                      {account.username}
                    </a>
                  </td>
                  <td data-label={t('console.account.fullName')}>{account.fullName}</td>
                  <td data-label={t('console.account.organisation')}>{account.organisationId ? (names.get(account.organisationId) ?? '') : t('console.account.operator')}</td>
                  <td data-label={t('console.account.roles')}>{account.roles.map((role) => t(`console.role.${role}`)).join(', ')}</td>
                  <td data-label={t('console.account.status')}>{t(`console.account.status.${account.status}`)}</td>
                  <td data-label={t('console.account.lastLogin')}>{account.lastLoginAt ? formatDateTime(account.lastLoginAt, language) : t('console.account.never')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ),
    });
  });

  const newPage = async (request: FastifyRequest, reply: FastifyReply, form: AccountForm, error: FieldError | null) => {
    const { t } = request;
    const orgs = await organisations.list();
    return reply.consolePage({
      status: error ? 400 : 200,
      title: t('console.accounts.new'),
      body: (
        <div class="bp-stack">
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/beheer/accounts">
              {t('console.accounts.back')}
            </a>
          </p>
          <h1 class="utrecht-heading-1">{t('console.accounts.new')}</h1>
          <p class="utrecht-paragraph">{t('console.accounts.newIntro')}</p>
          <ErrorSummary t={t} error={error} />
          <form method="post" action="/beheer/accounts" class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <TextField name="username" label={t('console.account.username')} hint={t('console.account.usernameHint')} value={form.username} error={error} autocomplete="off" />
            <TextField
              name="password"
              type="password"
              label={t('console.account.initialPassword')}
              hint={t('console.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
              error={error}
              autocomplete="new-password"
            />
            <AccountFields t={t} form={form} error={error} organisations={orgs} />
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('console.accounts.create')}
            </button>
          </form>
        </div>
      ),
    });
  };

  app.get('/accounts/nieuw', { config: ADMIN }, async (request, reply) => {
    const chosen = await organisationOf(String((request.query as { organisatie?: string }).organisatie ?? ''));
    return newPage(request, reply, { organisationId: chosen?.organisationId ?? '', username: '', fullName: '', businessPhone: '', businessEmail: '', contactPerson: chosen !== null, operatorStaff: chosen === null, roles: chosen ? ['organisation'] : ['user'] }, null);
  });

  app.post('/accounts', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const { t } = request;
    const form = formOf(request.body);
    const organisation = await organisationOf(form.organisationId);
    try {
      const { account, totpSecret } = await accounts.create(
        {
          organisationId: organisation?.organisationId ?? null,
          username: form.username,
          fullName: form.fullName,
          password: fieldText(request.body, 'password'),
          businessPhone: form.businessPhone,
          businessEmail: form.businessEmail,
          contactPerson: form.contactPerson,
          operatorStaff: form.operatorStaff,
          roles: form.roles,
        },
        actor,
      );
      return enrolmentPage(request, reply, account, totpSecret, 'console.enrolment.created');
    } catch (error) {
      if (error instanceof ConsoleInputError) return newPage(request, reply, form, fieldErrorOf(error, t));
      throw error;
    }
  });

  const find = async (request: FastifyRequest): Promise<Account> => {
    const id = (request.params as { accountId: string }).accountId;
    const account = UUID.test(id) ? await accounts.get(id) : null;
    if (!account) throw new HttpError(404, 'not-found');
    return account;
  };

  const detailPage = async (request: FastifyRequest, reply: FastifyReply, account: Account, form: AccountForm | null, error: FieldError | null) => {
    const { t, language } = request;
    const [orgs, attempts] = await Promise.all([organisations.list(), accounts.loginAttempts(account.accountId)]);
    const organisationName = account.organisationId ? (orgs.find((organisation) => organisation.organisationId === account.organisationId)?.name ?? '') : t('console.account.operator');
    const melding = (request.query as { melding?: string }).melding;
    const csrf = request.csrfToken() ?? '';
    const rows: [string, string][] = [
      [t('console.account.organisation'), organisationName],
      [t('console.account.username'), account.username],
      [t('console.account.fullName'), account.fullName],
      [t('console.account.status'), t(`console.account.status.${account.status}`)],
      [t('console.account.businessPhone'), account.businessPhone ?? '—'],
      [t('console.account.businessEmail'), account.businessEmail ?? '—'],
      [t('console.account.lastIp'), account.lastIpAddress ?? '—'],
      [t('console.account.contactPerson'), t(account.contactPerson ? 'console.yes' : 'console.no')],
      [t('console.account.operatorStaff'), t(account.operatorStaff ? 'console.yes' : 'console.no')],
      [t('console.account.lastLogin'), account.lastLoginAt ? formatDateTime(account.lastLoginAt, language) : t('console.account.never')],
      [t('console.account.failedLogins'), String(account.failedLogins)],
      [t('console.account.passwordChanged'), formatDateTime(account.passwordChangedAt, language)],
      [t('console.account.roles'), account.roles.map((role) => t(`console.role.${role}`)).join(', ')],
    ];
    return reply.consolePage({
      status: error ? 400 : 200,
      title: account.fullName,
      body: (
        <div class="bp-stack">
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/beheer/accounts">
              {t('console.accounts.back')}
            </a>
          </p>
          <h1 class="utrecht-heading-1">{account.fullName}</h1>
          <Notice text={melding ? t(`console.account.notice.${melding === 'geblokkeerd' ? 'blocked' : melding === 'gedeblokkeerd' ? 'unblocked' : 'saved'}`) : null} />
          <ErrorSummary t={t} error={error} />
          <dl class="utrecht-data-list bp-stack" data-testid="account-fields">
            {rows.map(([key, value]) => (
              <div>
                <dt class="utrecht-data-list__item-key">{key}</dt>
                <dd class="utrecht-data-list__item-value">{value}</dd>
              </div>
            ))}
          </dl>
          <form method="post" action={`/beheer/accounts/${account.accountId}/status`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="status" value={account.status === 'active' ? 'blocked' : 'active'} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action" data-testid="toggle-status">
              {t(account.status === 'active' ? 'console.account.block' : 'console.account.unblock')}
            </button>
          </form>
          <h2 class="utrecht-heading-2">{t('console.account.edit')}</h2>
          <form method="post" action={`/beheer/accounts/${account.accountId}`} class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <AccountFields t={t} form={form ?? formFromAccount(account)} error={error} organisations={orgs} />
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('console.save')}
            </button>
          </form>
          <h2 class="utrecht-heading-2">{t('console.account.reset')}</h2>
          <form method="post" action={`/beheer/accounts/${account.accountId}/inloggegevens`} class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={csrf} />
            <p class="utrecht-paragraph">{t('console.account.resetIntro')}</p>
            <TextField
              name="password"
              type="password"
              label={t('console.account.newPassword')}
              hint={t('console.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
              error={error}
              autocomplete="new-password"
            />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              {t('console.account.resetButton')}
            </button>
          </form>
          <h2 class="utrecht-heading-2">{t('console.account.attempts')}</h2>
          <table class="bp-table bp-table--stack" data-testid="login-attempts">
            <caption>{t('console.account.attemptsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.attempt.at')}</th>
                <th scope="col">{t('console.attempt.outcome')}</th>
                <th scope="col">{t('console.attempt.address')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt) => (
                <tr>
                  <td data-label={t('console.attempt.at')}>{formatDateTime(attempt.at, language)}</td>
                  <td data-label={t('console.attempt.outcome')}>{t(`console.attempt.${attempt.outcome}`)}</td>
                  <td data-label={t('console.attempt.address')}>{attempt.clientAddress ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ),
    });
  };

  app.get('/accounts/:accountId', { config: ADMIN }, async (request, reply) => detailPage(request, reply, await find(request), null, null));

  app.post('/accounts/:accountId', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const account = await find(request);
    const form = formOf(request.body);
    const organisation = await organisationOf(form.organisationId);
    try {
      await accounts.update(
        account.accountId,
        { fullName: form.fullName, businessPhone: form.businessPhone, businessEmail: form.businessEmail, contactPerson: form.contactPerson, operatorStaff: form.operatorStaff, roles: form.roles, organisationId: organisation?.organisationId ?? null },
        actor,
      );
      return reply.redirect(`/beheer/accounts/${account.accountId}?melding=opgeslagen`, 303);
    } catch (error) {
      if (error instanceof ConsoleInputError) return detailPage(request, reply, account, { ...form, username: account.username }, fieldErrorOf(error, request.t));
      throw error;
    }
  });

  app.post('/accounts/:accountId/status', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const account = await find(request);
    const status = fieldText(request.body, 'status') === 'blocked' ? 'blocked' : 'active';
    try {
      await accounts.setStatus(account.accountId, status, actor, (trx) => deps.sessions.endForAccount(trx, account.accountId));
      return reply.redirect(`/beheer/accounts/${account.accountId}?melding=${status === 'blocked' ? 'geblokkeerd' : 'gedeblokkeerd'}`, 303);
    } catch (error) {
      if (error instanceof ConsoleInputError) return detailPage(request, reply, account, null, { field: 'toggle-status', text: request.t(error.key) });
      throw error;
    }
  });

  app.post('/accounts/:accountId/inloggegevens', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const account = await find(request);
    try {
      const totpSecret = await accounts.resetCredentials(account.accountId, fieldText(request.body, 'password'), actor);
      return enrolmentPage(request, reply, account, totpSecret, 'console.enrolment.reset');
    } catch (error) {
      if (error instanceof ConsoleInputError) return detailPage(request, reply, account, null, fieldErrorOf(error, request.t));
      throw error;
    }
  });
}

/** Shows a new second factor once: the secret as text and as a QR code (an image, no markup injected). */
async function enrolmentPage(request: FastifyRequest, reply: FastifyReply, account: Account, secret: string, introKey: string) {
  const { t } = request;
  const uri = totpUri(secret, account.username);
  const svg = await totpQrSvg(uri);
  return reply.consolePage({
    title: t('console.enrolment.title'),
    body: (
      <div class="bp-stack">
        <h1 class="utrecht-heading-1">{t('console.enrolment.title')}</h1>
        <Notice text={t(introKey, { username: account.username })} />
        <p class="utrecht-paragraph">{t('console.enrolment.handOver')}</p>
        <img class="bp-qr" src={`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`} alt={t('console.enrolment.qrAlt')} width={192} height={192} />
        <dl class="utrecht-data-list bp-stack">
          <div>
            <dt class="utrecht-data-list__item-key">{t('console.enrolment.secret')}</dt>
            <dd class="utrecht-data-list__item-value bp-secret" data-testid="totp-secret">
              {groupedSecret(secret)}
            </dd>
          </div>
          <div>
            <dt class="utrecht-data-list__item-key">{t('console.enrolment.settings')}</dt>
            <dd class="utrecht-data-list__item-value">{t('console.enrolment.settingsValue')}</dd>
          </div>
        </dl>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/beheer/accounts/${account.accountId}`}>
            {t('console.enrolment.done')}
          </a>
        </p>
      </div>
    ),
  });
}

function AccountFields(props: { t: Translate; form: AccountForm; error: FieldError | null; organisations: Organisation[] }) {
  const { t, form, error } = props;
  return (
    <>
      <div class="bp-field">
        <label for="organisationId">{t('console.account.organisation')}</label>
        <select id="organisationId" name="organisationId">
          <option value="" selected={form.organisationId === ''}>
            {t('console.account.operator')}
          </option>
          {props.organisations.map((organisation) => (
            <option value={organisation.organisationId} selected={form.organisationId === organisation.organisationId}>
              {organisation.name}
            </option>
          ))}
        </select>
      </div>
      <TextField name="fullName" label={t('console.account.fullName')} value={form.fullName} error={error} autocomplete="off" />
      <TextField name="businessPhone" type="tel" label={t('console.account.businessPhone')} value={form.businessPhone} error={error} autocomplete="off" />
      <TextField name="businessEmail" type="email" label={t('console.account.businessEmail')} value={form.businessEmail} error={error} autocomplete="off" />
      <Flag name="contactPerson" label={t('console.account.contactPerson')} checked={form.contactPerson} />
      <Flag name="operatorStaff" label={t('console.account.operatorStaff')} checked={form.operatorStaff} />
      <Checkboxes name="roles" legend={t('console.account.roles')} options={CONSOLE_ROLES.map((role) => ({ value: role, label: t(`console.role.${role}`) }))} checked={form.roles} error={error} />
    </>
  );
}

