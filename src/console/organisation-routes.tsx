import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import { CAPABILITIES, OrganisationInputError, type Organisation, type OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import { HttpError } from '../platform/http/errors.ts';
import type { ConsoleAccounts } from './console-accounts.ts';
import { Checkboxes, ErrorSummary, fieldFlag, fieldList, fieldText, Flag, Notice, TextField, type FieldError } from './console-forms.tsx';
import { consoleActor } from './console-actor.ts';

const ADMIN = { consoleRoles: ['administrator'] } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface OrganisationForm {
  name: string;
  oin: string;
  capabilities: string[];
  mandatoryChannel: boolean;
  active: boolean;
}

/** What the audit log keeps of an organisation (no personal data in it). */
function auditView(organisation: Organisation) {
  return { oin: organisation.oin, name: organisation.name, capabilities: organisation.capabilities, mandatoryChannel: organisation.mandatoryChannel, active: organisation.active };
}

/** The form's own checks, with Dutch/English texts (the registry checks the same again). */
function checkForm(form: OrganisationForm): FieldError | null {
  if (!form.name.trim()) return { field: 'name', text: 'console.organisation.error.name' };
  if (!/^\d{20}$/.test(form.oin)) return { field: 'oin', text: 'console.organisation.error.oin' };
  if (form.capabilities.length === 0 || form.capabilities.some((c) => !(CAPABILITIES as readonly string[]).includes(c))) return { field: 'capabilities', text: 'console.organisation.error.capabilities' };
  return null;
}

function formOf(body: unknown): OrganisationForm {
  return { name: fieldText(body, 'name'), oin: fieldText(body, 'oin').replace(/\s/g, ''), capabilities: fieldList(body, 'capabilities'), mandatoryChannel: fieldFlag(body, 'mandatoryChannel'), active: fieldFlag(body, 'active') };
}

/** Administrators register organisations and change them (R26); every change is audited in its transaction. */
export function organisationRoutes(app: FastifyInstance, deps: { db: Db; organisations: OrganisationRegistry; accounts: ConsoleAccounts; audit: AuditLog }) {
  const { db, organisations, audit } = deps;

  const listPage = async (request: FastifyRequest, reply: FastifyReply, form: OrganisationForm | null, error: FieldError | null) => {
    const { t } = request;
    const list = await organisations.list();
    const translated = error ? { field: error.field, text: t(error.text) } : null;
    return reply.consolePage({
      status: error ? 400 : 200,
      title: t('console.organisations.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('console.organisations.title')}</h1>
          <ErrorSummary t={t} error={translated} />
          <table class="bp-table bp-table--stack" data-testid="organisations">
            <caption>{t('console.organisations.caption', { count: list.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.organisation.name')}</th>
                <th scope="col">{t('console.organisation.oin')}</th>
                <th scope="col">{t('console.organisation.capabilities')}</th>
                <th scope="col">{t('console.organisation.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((organisation) => (
                <tr>
                  <td data-label={t('console.organisation.name')}>
                    <a class="utrecht-link" href={`/beheer/organisaties/${organisation.organisationId}`}>
                      {organisation.name}
                    </a>
                  </td>
                  <td data-label={t('console.organisation.oin')}>{organisation.oin}</td>
                  <td data-label={t('console.organisation.capabilities')}>{organisation.capabilities.map((c) => t(`console.capability.${c}`)).join(', ')}</td>
                  <td data-label={t('console.organisation.state')}>
                    {[organisation.active ? t('console.organisation.active') : t('console.organisation.inactive'), organisation.mandatoryChannel ? t('console.organisation.mandatory') : null].filter(Boolean).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 class="utrecht-heading-2">{t('console.organisations.register')}</h2>
          <form method="post" action="/beheer/organisaties" class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <OrganisationFields t={t} form={form ?? { name: '', oin: '', capabilities: ['inbox'], mandatoryChannel: false, active: true }} error={translated} withActive={false} />
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('console.organisations.registerButton')}
            </button>
          </form>
        </div>
      ),
    });
  };

  app.get('/organisaties', { config: ADMIN }, (request, reply) => listPage(request, reply, null, null));

  app.post('/organisaties', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const form = formOf(request.body);
    const problem = checkForm(form);
    if (problem) return listPage(request, reply, form, problem);
    try {
      const organisation = await db.transaction().execute(async (trx) => {
        const { organisation: added } = await organisations.add({ oin: form.oin, name: form.name, capabilities: form.capabilities, mandatoryChannel: form.mandatoryChannel }, trx);
        await audit.append(trx, { actor, action: 'organisation.register', target: { type: 'organisation', id: added.organisationId }, after: auditView(added), clientAddress: actor.clientAddress });
        return added;
      });
      return reply.redirect(`/beheer/organisaties/${organisation.organisationId}?melding=geregistreerd`, 303);
    } catch (error) {
      if (error instanceof OrganisationInputError) return listPage(request, reply, form, { field: 'oin', text: 'console.organisation.error.oinTaken' });
      throw error;
    }
  });

  const detailPage = async (request: FastifyRequest, reply: FastifyReply, organisation: Organisation, form: OrganisationForm | null, error: FieldError | null) => {
    const { t } = request;
    const translated = error ? { field: error.field, text: t(error.text) } : null;
    const melding = (request.query as { melding?: string }).melding;
    const contacts = await deps.accounts.list(organisation.organisationId);
    return reply.consolePage({
      status: error ? 400 : 200,
      title: organisation.name,
      body: (
        <div class="bp-stack">
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href="/beheer/organisaties">
              {t('console.organisations.back')}
            </a>
          </p>
          <h1 class="utrecht-heading-1">{organisation.name}</h1>
          <Notice text={melding === 'geregistreerd' ? t('console.organisation.registered') : melding === 'opgeslagen' ? t('console.saved') : null} />
          <ErrorSummary t={t} error={translated} />
          <form method="post" action={`/beheer/organisaties/${organisation.organisationId}`} class="bp-card" novalidate>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <OrganisationFields t={t} form={form ?? { ...organisation }} error={translated} withActive />
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('console.save')}
            </button>
          </form>
          <h2 class="utrecht-heading-2">{t('console.organisation.contacts')}</h2>
          {contacts.length > 0 ? (
            <ul class="utrecht-unordered-list" data-testid="contacts">
              {contacts.map((account) => (
                <li>
                  <a class="utrecht-link" href={`/beheer/accounts/${account.accountId}`}>
                    {account.fullName} ({account.username})
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="utrecht-paragraph">{t('console.organisation.noContacts')}</p>
          )}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/beheer/accounts/nieuw?organisatie=${organisation.organisationId}`}>
              {t('console.organisation.addContact')}
            </a>
          </p>
        </div>
      ),
    });
  };

  const find = async (request: FastifyRequest): Promise<Organisation> => {
    const id = (request.params as { organisationId: string }).organisationId;
    const organisation = UUID.test(id) ? await organisations.get(id) : null;
    if (!organisation) throw new HttpError(404, 'not-found');
    return organisation;
  };

  app.get('/organisaties/:organisationId', { config: ADMIN }, async (request, reply) => detailPage(request, reply, await find(request), null, null));

  app.post('/organisaties/:organisationId', { config: ADMIN }, async (request, reply) => {
    const actor = consoleActor(request);
    const organisation = await find(request);
    const form = formOf(request.body);
    const problem = checkForm(form);
    if (problem) return detailPage(request, reply, organisation, form, problem);
    try {
      await db.transaction().execute(async (trx) => {
        const { before, after } = await organisations.update(organisation.organisationId, { name: form.name, oin: form.oin, capabilities: form.capabilities, mandatoryChannel: form.mandatoryChannel, active: form.active }, trx);
        const changed = Object.keys(auditView(after)).filter((key) => JSON.stringify(auditView(before)[key as keyof ReturnType<typeof auditView>]) !== JSON.stringify(auditView(after)[key as keyof ReturnType<typeof auditView>]));
        if (changed.length === 0) return;
        const pick = (view: ReturnType<typeof auditView>) => Object.fromEntries(changed.map((key) => [key, view[key as keyof typeof view]]));
        await audit.append(trx, { actor, action: 'organisation.update', target: { type: 'organisation', id: organisation.organisationId }, before: pick(auditView(before)), after: pick(auditView(after)), clientAddress: actor.clientAddress });
      });
      return reply.redirect(`/beheer/organisaties/${organisation.organisationId}?melding=opgeslagen`, 303);
    } catch (error) {
      if (error instanceof OrganisationInputError) return detailPage(request, reply, organisation, form, { field: 'oin', text: 'console.organisation.error.oinTaken' });
      throw error;
    }
  });

}

function OrganisationFields(props: { t: (key: string) => string; form: OrganisationForm; error: FieldError | null; withActive: boolean }) {
  const { t, form, error } = props;
  return (
    <>
      <TextField name="name" label={t('console.organisation.name')} value={form.name} error={error} autocomplete="organization" />
      <TextField name="oin" label={t('console.organisation.oin')} hint={t('console.organisation.oinHint')} value={form.oin} error={error} inputmode="numeric" />
      <Checkboxes name="capabilities" legend={t('console.organisation.capabilities')} options={CAPABILITIES.map((c) => ({ value: c, label: t(`console.capability.${c}`) }))} checked={form.capabilities} error={error} />
      <Flag name="mandatoryChannel" label={t('console.organisation.mandatoryLabel')} checked={form.mandatoryChannel} />
      {props.withActive ? <Flag name="active" label={t('console.organisation.activeLabel')} checked={form.active} /> : null}
    </>
  );
}
