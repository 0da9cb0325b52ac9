import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OrganisationRegistry } from '../organisations/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { formatDate, formatDateTime } from '../platform/i18n.ts';
import { DATA_KINDS, FORWARDABLE_KINDS, ORGANISATION_KINDS, RIGHTS, type Right } from './data-kinds.ts';
import { EXPORT_PATH } from './export-routes.tsx';
import type { RightsRequests } from './requests.ts';

export const RIGHTS_PATH = '/mijn-rechten';
const FORM_PATH = `${RIGHTS_PATH}/verzoek`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_EXPLANATION = 2000;
// Control characters other than line breaks and tabs, and bidirectional controls: never in a stored text.
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

interface RequestDeps {
  requests: RightsRequests;
  organisations: OrganisationRegistry;
  now: () => Date;
}

type Field = 'recht' | 'soort' | 'organisatie' | 'uitleg';
const ERROR_KEYS: Record<Field, string> = { recht: 'rights.form.error.right', soort: 'rights.form.error.kind', organisatie: 'rights.form.error.organisation', uitleg: 'rights.form.error.explanation' };

/** R21: the rights page (who is responsible for what, what cannot be erased), the request form and each request's status. */
export function requestRoutes(app: FastifyInstance, deps: RequestDeps): void {
  const candidates = async () => (await deps.organisations.list()).filter((o) => o.active && (o.capabilities.includes('inbox') || o.capabilities.includes('cases')));

  app.get(RIGHTS_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const requests = await deps.requests.list(context.subject.citizenId);
    return reply.page({
      title: t('rights.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('rights.title')}</h1>
          <p class="utrecht-paragraph">{t('rights.intro')}</p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={EXPORT_PATH} data-testid="export-link">
              {t('rights.export.link')}
            </a>
            <br />
            <span class="bp-hint">{t('rights.export.linkHint')}</span>
          </p>
          <h2 class="utrecht-heading-2">{t('rights.kinds.title')}</h2>
          <table class="bp-table bp-table--stack" data-testid="data-kinds">
            <thead>
              <tr>
                <th scope="col">{t('rights.kinds.kind')}</th>
                <th scope="col">{t('rights.kinds.responsible')}</th>
                <th scope="col">{t('rights.kinds.action')}</th>
              </tr>
            </thead>
            <tbody>
              {DATA_KINDS.map((kind) => (
                <tr data-kind={kind.id}>
                  <td data-label={t('rights.kinds.kind')}>{t(`rights.kind.${kind.id}`)}</td>
                  <td data-label={t('rights.kinds.responsible')}>{t(kind.responsible === 'register' ? `rights.responsible.${kind.id}` : `rights.responsible.${kind.responsible}`)}</td>
                  <td data-label={t('rights.kinds.action')}>
                    {kind.forwardable ? (
                      <a class="utrecht-link" href={`${FORM_PATH}?soort=${kind.id}`}>
                        {t('rights.action.request')}
                      </a>
                    ) : (
                      <a class="utrecht-link" href={kind.href ?? RIGHTS_PATH}>
                        {t(kind.id === 'account' ? 'rights.action.account' : kind.id === 'consents' ? 'rights.action.consents' : 'rights.action.change')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 class="utrecht-heading-2">{t('rights.erasure.title')}</h2>
          <ul class="utrecht-unordered-list" data-testid="not-erasable">
            <li>{t('rights.erasure.account')}</li>
            <li>{t('rights.erasure.history')}</li>
            <li>{t('rights.erasure.messages')}</li>
            <li>{t('rights.erasure.registers')}</li>
          </ul>
          <h2 class="utrecht-heading-2">{t('rights.requests.title')}</h2>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={FORM_PATH}>
              {t('rights.requests.new')}
            </a>
          </p>
          {requests.length === 0 ? (
            <p class="utrecht-paragraph">{t('rights.requests.none')}</p>
          ) : (
            <table class="bp-table bp-table--stack" data-testid="requests">
              <thead>
                <tr>
                  <th scope="col">{t('rights.request.right')}</th>
                  <th scope="col">{t('rights.requests.received')}</th>
                  <th scope="col">{t('rights.requests.status')}</th>
                  <th scope="col">{t('rights.requests.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((item) => (
                  <tr>
                    <td data-label={t('rights.request.right')}>
                      <a class="utrecht-link" href={`${RIGHTS_PATH}/verzoeken/${item.id}`}>
                        {t(`rights.right.${item.right}`)}: {t(`rights.kind.${item.dataKind}`)}
                      </a>
                    </td>
                    <td data-label={t('rights.requests.received')}>{formatDate(item.receivedAt, language)}</td>
                    <td data-label={t('rights.requests.status')}>{t(`rights.status.${item.status}`)}</td>
                    <td data-label={t('rights.requests.deadline')}>{formatDate(item.deadline, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ),
    });
  });

  async function renderForm(request: FastifyRequest, values: { recht?: string; soort?: string; organisatie?: string; uitleg?: string }, errors: Field[]) {
    const { t } = request;
    const organisations = await candidates();
    const error = (field: Field) => (errors.includes(field) ? <p class="bp-error" id={`${field}-error`}>{t(ERROR_KEYS[field])}</p> : null);
    const described = (field: Field, hint?: string) => [hint, errors.includes(field) ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
    return {
      status: errors.length > 0 ? 400 : 200,
      error: errors.length > 0,
      title: t('rights.form.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('rights.form.title')}</h1>
          {errors.length > 0 ? (
            <div class="bp-error-summary" role="alert" aria-labelledby="foutmelding" data-testid="error-summary">
              <h2 class="utrecht-heading-2" id="foutmelding">
                {t('error.summary')}
              </h2>
              <ul class="utrecht-unordered-list">
                {errors.map((field) => (
                  <li>
                    <a href={`#${field}`}>{t(ERROR_KEYS[field])}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p class="utrecht-paragraph">{t('rights.form.intro')}</p>
          <form method="post" action={FORM_PATH} class="bp-card bp-stack" novalidate>
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <fieldset class="bp-stack" id="recht" aria-describedby={described('recht')}>
              <legend>{t('rights.form.right')}</legend>
              {error('recht')}
              {RIGHTS.map((right) => (
                <div>
                  <input type="radio" id={`recht-${right}`} name="recht" value={right} checked={values.recht === right} />
                  <label for={`recht-${right}`}> {t(`rights.right.${right}`)}</label>
                </div>
              ))}
            </fieldset>
            <div class="bp-field">
              <label for="soort">{t('rights.form.kind')}</label>
              {error('soort')}
              <select id="soort" name="soort" aria-describedby={described('soort')} aria-invalid={errors.includes('soort') ? 'true' : undefined}>
                {FORWARDABLE_KINDS.map((kind) => (
                  <option value={kind} selected={values.soort === kind}>
                    {t(`rights.kind.${kind}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="bp-field">
              <label for="organisatie">{t('rights.form.organisation')}</label>
              <p class="bp-hint" id="organisatie-hint">
                {t('rights.form.organisationHint')}
              </p>
              {error('organisatie')}
              <select id="organisatie" name="organisatie" aria-describedby={described('organisatie', 'organisatie-hint')} aria-invalid={errors.includes('organisatie') ? 'true' : undefined}>
                <option value="">{t('rights.form.organisationNone')}</option>
                {organisations.map((organisation) => (
                  <option value={organisation.organisationId} selected={values.organisatie === organisation.organisationId}>
                    {organisation.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="bp-field">
              <label for="uitleg">{t('rights.form.explanation')}</label>
              <p class="bp-hint" id="uitleg-hint">
                {t('rights.form.explanationHint')}
              </p>
              {error('uitleg')}
              <textarea id="uitleg" name="uitleg" rows={6} aria-describedby={described('uitleg', 'uitleg-hint')} aria-invalid={errors.includes('uitleg') ? 'true' : undefined}>
                {values.uitleg ?? ''}
              </textarea>
            </div>
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('rights.form.submit')}
            </button>
          </form>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={RIGHTS_PATH}>
              {t('rights.back')}
            </a>
          </p>
        </div>
      ),
    };
  }

  app.get(FORM_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    requireCitizen(request);
    const soort = (request.query as { soort?: unknown }).soort;
    return reply.page(await renderForm(request, { soort: typeof soort === 'string' ? soort : undefined }, []));
  });

  app.post(FORM_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
    const values = { recht: text('recht'), soort: text('soort'), organisatie: text('organisatie'), uitleg: text('uitleg') };
    const explanation = values.uitleg.trim();
    const errors: Field[] = [];
    if (!(RIGHTS as readonly string[]).includes(values.recht)) errors.push('recht');
    if (!FORWARDABLE_KINDS.includes(values.soort)) errors.push('soort');
    const needsOrganisation = ORGANISATION_KINDS.includes(values.soort);
    if (needsOrganisation && !(await candidates()).some((o) => o.organisationId === values.organisatie)) errors.push('organisatie');
    if (explanation.length === 0 || explanation.length > MAX_EXPLANATION || HIDDEN_CONTROLS.test(explanation)) errors.push('uitleg');
    if (errors.length > 0) return reply.page(await renderForm(request, values, errors));
    const requestId = await deps.requests.create({ acting: context, right: values.recht as Right, dataKind: values.soort, organisationId: needsOrganisation ? values.organisatie : null, explanation });
    if (!requestId) return reply.page(await renderForm(request, values, ['organisatie']));
    return reply.redirect(`${RIGHTS_PATH}/verzoeken/${requestId}?melding=verstuurd`, 303);
  });

  app.get<{ Params: { id: string } }>(`${RIGHTS_PATH}/verzoeken/:id`, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    if (!UUID.test(request.params.id)) throw new HttpError(404, 'not-found');
    const item = await deps.requests.get(context.subject.citizenId, request.params.id);
    if (!item) throw new HttpError(404, 'not-found');
    const sent = (request.query as { melding?: unknown }).melding === 'verstuurd';
    const open = item.status === 'received' || item.status === 'forwarded';
    const overdue = open && deps.now() > item.deadline;
    const row = (label: string, value: string, testId?: string) => (
      <div>
        <dt class="utrecht-data-list__item-key">{label}</dt>
        <dd class="utrecht-data-list__item-value" data-testid={testId}>
          {value}
        </dd>
      </div>
    );
    return reply.page({
      title: t('rights.request.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('rights.request.title')}</h1>
          {sent ? (
            <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
              {t('rights.request.sent')}
            </p>
          ) : null}
          <dl class="utrecht-data-list bp-stack">
            {row(t('rights.request.right'), t(`rights.right.${item.right}`))}
            {row(t('rights.request.kind'), t(`rights.kind.${item.dataKind}`))}
            {row(t('rights.request.authority'), item.authorityName ?? t(`rights.responsible.${item.dataKind}`), 'request-authority')}
            {row(t('rights.requests.received'), formatDateTime(item.receivedAt, language))}
            {row(t('rights.requests.status'), t(`rights.status.${item.status}`), 'request-status')}
            {item.forwardedAt ? row(t('rights.request.forwardedAt'), formatDateTime(item.forwardedAt, language)) : null}
            {item.decidedAt ? row(t('rights.request.decidedAt'), formatDateTime(item.decidedAt, language)) : null}
            {item.reason ? row(t('rights.request.reason'), item.reason, 'request-reason') : null}
            {row(t('rights.requests.deadline'), formatDate(item.deadline, language), 'request-deadline')}
            {row(t('rights.request.explanation'), item.explanation)}
          </dl>
          {item.extensionReason ? (
            <p class="bp-notice utrecht-paragraph" data-testid="request-extended">
              {t('rights.request.extended', { reason: item.extensionReason })}
            </p>
          ) : null}
          {item.status === 'received' ? <p class="bp-notice utrecht-paragraph">{t('rights.request.notForwarded')}</p> : null}
          {overdue ? (
            <p class="bp-notice bp-notice--error utrecht-paragraph" data-testid="request-overdue">
              {t('rights.request.overdue')}
            </p>
          ) : null}
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={RIGHTS_PATH}>
              {t('rights.back')}
            </a>
          </p>
        </div>
      ),
    });
  });
}
