import type { FastifyInstance } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { CONSENT_PATH, ConsentPage } from './consent-page.tsx';
import type { ExternalMailboxes } from './external-mailboxes.ts';
import { isContractId } from './magazijn-contract.ts';
import { ExternalMessagePage, UnavailablePage } from './message-page.tsx';

const NOTICES = { 'toestemming-gegeven': 'externalMailboxes.notice.granted', 'toestemming-ingetrokken': 'externalMailboxes.notice.withdrawn' } as const;

function notFound(): never {
  throw new HttpError(404, 'not-found');
}

/** Attachment types a browser may receive as they are; anything else is served as bytes. */
const SAFE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/plain']);

function attachmentDisposition(filename: string): string {
  const fallback = filename.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._ ()-]/g, '_').trim() || 'bijlage';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The consent page with its two forms, and the external message and attachment pages (R19). */
export function externalMailboxRoutes(app: FastifyInstance, deps: { mailboxes: ExternalMailboxes }): void {
  const { mailboxes } = deps;

  app.get(CONSENT_PATH, async (request, reply) => {
    const context = requireCitizen(request);
    const query = request.query as { melding?: unknown; bron?: unknown };
    const rows = await mailboxes.consents(context.subject.citizenId);
    const { t, language } = request;
    const store = rows.find((row) => row.id === query.bron);
    const notice = typeof query.melding === 'string' && query.melding in NOTICES && store ? t(NOTICES[query.melding as keyof typeof NOTICES], { organisation: store.name }) : null;
    return reply.page({ title: t('externalMailboxes.title'), body: <ConsentPage t={t} language={language} rows={rows} csrfToken={request.csrfToken() ?? ''} notice={notice} /> });
  });

  // Post/redirect/get: the outcome is a slug and the store's id in the URL, never personal data.
  app.post(`${CONSENT_PATH}/:store/toestemming`, async (request, reply) => {
    const context = requireCitizen(request);
    const store = await mailboxes.grant({ acting: context, storeId: String((request.params as { store: string }).store) });
    if (!store) return notFound();
    return reply.redirect(`${CONSENT_PATH}?melding=toestemming-gegeven&bron=${store.id}`, 303);
  });

  app.post(`${CONSENT_PATH}/:store/intrekken`, async (request, reply) => {
    const context = requireCitizen(request);
    const store = await mailboxes.withdraw({ acting: context, storeId: String((request.params as { store: string }).store) });
    if (!store) return notFound();
    return reply.redirect(`${CONSENT_PATH}?melding=toestemming-ingetrokken&bron=${store.id}`, 303);
  });

  app.get('/berichten/extern/:store/:id', async (request, reply) => {
    const context = requireCitizen(request);
    const params = request.params as { store: string; id: string };
    if (!isContractId(params.id)) return notFound();
    const opened = await mailboxes.open({ context, storeId: params.store, messageId: params.id });
    const { t, language } = request;
    if (opened.kind === 'not-found') return notFound();
    if (opened.kind === 'unavailable') return reply.page({ status: 503, title: t('externalMessage.unavailable.title', { organisation: opened.store.name }), body: <UnavailablePage t={t} store={opened.store} /> });
    return reply.page({ title: opened.message.onderwerp, body: <ExternalMessagePage t={t} language={language} store={opened.store} message={opened.message} /> });
  });

  app.get('/berichten/extern/:store/:id/bijlagen/:attachment', async (request, reply) => {
    const context = requireCitizen(request);
    const params = request.params as { store: string; id: string; attachment: string };
    if (!isContractId(params.id) || !isContractId(params.attachment)) return notFound();
    const found = await mailboxes.attachment({ context, storeId: params.store, messageId: params.id, attachmentId: params.attachment });
    const { t } = request;
    if (found.kind === 'not-found') return notFound();
    if (found.kind === 'unavailable') return reply.page({ status: 503, title: t('externalMessage.unavailable.title', { organisation: found.store.name }), body: <UnavailablePage t={t} store={found.store} /> });
    const type = found.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    return reply
      .header('Content-Type', SAFE_TYPES.has(type) ? type : 'application/octet-stream')
      .header('Content-Disposition', attachmentDisposition(found.filename))
      .header('Content-Length', String(found.bytes.length))
      .header('X-Content-Type-Options', 'nosniff')
      .send(found.bytes);
  });
}
