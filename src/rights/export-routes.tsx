import type { FastifyInstance } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { formatDateTime } from '../platform/i18n.ts';
import { keepingPeriod, type AccessExports, type ExportFormat } from './access-exports.ts';

export const EXPORT_PATH = '/mijn-rechten/inzage';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTICES = { klaar: 'export.notice.ready', bezig: 'export.notice.pending' } as const;

/** "Download mijn gegevens" (R20): the form, the citizen's files, and their downloads. */
export function exportRoutes(app: FastifyInstance, deps: { exports: AccessExports; retentionHours: number }): void {
  app.get(EXPORT_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const asked = (request.query as { melding?: unknown }).melding;
    const notice = asked === 'klaar' || asked === 'bezig' ? NOTICES[asked] : null;
    const files = await deps.exports.list(context.subject.citizenId);
    return reply.page({
      title: t('export.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('export.title')}</h1>
          {notice ? (
            <p class="bp-notice bp-notice--ok utrecht-paragraph" role="status" data-testid="notice">
              {t(notice)}
            </p>
          ) : null}
          <p class="utrecht-paragraph">{t('export.intro')}</p>
          <form method="post" action={EXPORT_PATH} class="bp-card bp-stack">
            <input type="hidden" name="_csrf" value={request.csrfToken() ?? ''} />
            <fieldset class="bp-stack">
              <legend>{t('export.attachments')}</legend>
              <div>
                <input type="radio" id="bijlagen-lijst" name="bijlagen" value="lijst" checked />
                <label for="bijlagen-lijst"> {t('export.attachments.list')}</label>
              </div>
              <div>
                <input type="radio" id="bijlagen-mee" name="bijlagen" value="mee" />
                <label for="bijlagen-mee"> {t('export.attachments.include')}</label>
              </div>
            </fieldset>
            <p class="bp-hint">{t('export.kept', { period: keepingPeriod(t, deps.retentionHours) })}</p>
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              {t('export.submit')}
            </button>
          </form>
          <h2 class="utrecht-heading-2">{t('export.list.title')}</h2>
          {files.length === 0 ? (
            <p class="utrecht-paragraph">{t('export.list.none')}</p>
          ) : (
            <ul class="utrecht-unordered-list bp-stack" data-testid="export-files">
              {files.map((file) => (
                <li data-testid="export-file" data-status={file.status}>
                  <p class="utrecht-paragraph">{t('export.list.requested', { at: formatDateTime(new Date(file.requested_at), language) })}</p>
                  {file.status === 'ready' ? (
                    <p class="utrecht-paragraph">
                      <a class="utrecht-link" href={`${EXPORT_PATH}/${file.export_id}/gegevens.pdf`} data-testid="download-pdf">
                        {t('export.list.pdf')}
                      </a>
                      <br />
                      <a class="utrecht-link" href={`${EXPORT_PATH}/${file.export_id}/gegevens.json`} data-testid="download-json">
                        {t('export.list.json')}
                      </a>
                    </p>
                  ) : (
                    <p class="utrecht-paragraph">{t('export.list.pending')}</p>
                  )}
                  <p class="bp-hint">{t('export.list.expires', { at: formatDateTime(new Date(file.expires_at), language) })}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      ),
    });
  });

  app.post(EXPORT_PATH, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const body = (request.body ?? {}) as { bijlagen?: unknown };
    const result = await deps.exports.request({ acting: context, assurance: context.assurance, language: request.language, includeAttachments: body.bijlagen === 'mee' });
    return reply.redirect(`${EXPORT_PATH}?melding=${result.ready ? 'klaar' : 'bezig'}`, 303);
  });

  app.get<{ Params: { id: string; format: string } }>(`${EXPORT_PATH}/:id/gegevens.:format`, { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { id, format } = request.params;
    if (!UUID.test(id) || (format !== 'json' && format !== 'pdf')) throw new HttpError(404, 'not-found');
    const bytes = await deps.exports.download({ acting: context, exportId: id, format: format as ExportFormat });
    if (!bytes) throw new HttpError(404, 'not-found');
    return reply
      .type(format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="mijn-gegevens.${format}"`)
      .send(bytes);
  });
}
