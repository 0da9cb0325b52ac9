import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AssuranceLevel } from '../identity/index.ts';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { organisationsInScope, type PortalModule } from '../platform/module.ts';
import { ATTACHMENT_CONTENT_TYPE, contentDisposition } from './attachment-headers.ts';
import { asAssuranceLevel } from './assurance-check.ts';
import { InboxListPage, listTitle, NOTICES, type NoticeSlug } from './inbox-list-page.tsx';
import { folderUrl, isFiltered, parseFilters, parseMessageId, parsePage, parsePosition, parseScope } from './inbox-params.ts';
import type { InboxLists } from './inbox-service.ts';
import type { Folder } from './inbox-store.ts';
import { MessagePage, StepUpPage } from './message-page.tsx';
import type { ActionInput, ActionResult, MessageService } from './message-service.ts';

export interface InboxRouteDeps {
  lists: InboxLists;
  messages: MessageService;
  now: () => Date;
  /** Other modules' blocks under the Inbox folder's list (not in other folders or a search). */
  sections?: () => NonNullable<PortalModule['inboxSection']>[];
}

function citizenAndLevel(request: FastifyRequest): { citizenId: string; level: AssuranceLevel; organisationIds: readonly string[] | null } {
  const context = requireCitizen(request);
  return { citizenId: context.subject.citizenId, level: asAssuranceLevel(context.assurance), organisationIds: organisationsInScope(context) };
}

/** A message id from the path; anything malformed is the ordinary 404 page. */
function messageIdOf(request: FastifyRequest): string {
  const id = parseMessageId((request.params as { id?: unknown }).id);
  if (!id) throw new HttpError(404, 'not-found');
  return id;
}

function notFound(): never {
  throw new HttpError(404, 'not-found');
}

function stepUp(request: FastifyRequest, reply: FastifyReply, found: { id: string; sender: string; required: AssuranceLevel }, current: AssuranceLevel) {
  const { t } = request;
  return reply.page({ status: 403, title: t('stepUp.title', { sender: found.sender }), body: <StepUpPage t={t} {...found} current={current} /> });
}

/**
 * The citizen's Berichtenbox pages: folders, a message, its attachments and the folder actions.
 * Every message route checks ownership through the services; a foreign or malformed id is a 404.
 */
export function inboxRoutes(app: FastifyInstance, deps: InboxRouteDeps): void {
  app.get('/berichten', { config: { representation: 'berichtenbox-read' } }, async (request, reply) => {
    const { citizenId, level, organisationIds } = citizenAndLevel(request);
    const context = requireCitizen(request);
    const query = request.query as { map?: unknown; pagina?: unknown; zoek?: unknown; melding?: unknown; ongelezen?: unknown; termijn?: unknown; afzender?: unknown };
    const folder = parseScope(query.map);
    const filters = parseFilters(query);
    const search = typeof query.zoek === 'string' ? query.zoek.trim().slice(0, 100) : '';
    const { t, language } = request;
    const plainInbox = folder === 'inbox' && search === '' && !isFiltered(filters) && parsePage(query.pagina) === 1;
    const [result, senders, sections] = await Promise.all([
      deps.lists.listFolder({ citizenId, folder, page: parsePage(query.pagina), query: search, level, filters, organisationIds }),
      deps.lists.senders(),
      plainInbox ? Promise.all((deps.sections?.() ?? []).map((section) => section({ context, t, language }))) : Promise.resolve([]),
    ]);
    // The header shows this count: it was read with the page.
    deps.lists.rememberUnread(context, result);
    const notice = typeof query.melding === 'string' && query.melding in NOTICES ? (query.melding as NoticeSlug) : null;
    return reply.page({
      title: listTitle({ t, folder, query: search, filters, page: result.page }),
      body: (
        <>
          <InboxListPage t={t} language={language} folder={folder} result={result} query={search} filters={filters} senders={senders} notice={notice} />
          {sections}
        </>
      ),
    });
  });

  app.get('/berichten/:id', { config: { representation: 'berichtenbox-read' } }, async (request, reply) => {
    const { citizenId, level, organisationIds } = citizenAndLevel(request);
    const opened = await deps.messages.open({ citizenId, messageId: messageIdOf(request), level, organisationIds });
    if (opened.kind === 'not-found') return notFound();
    if (opened.kind === 'step-up') return stepUp(request, reply, opened, level);
    const { t, language } = request;
    return reply.page({
      title: opened.message.subject,
      body: <MessagePage t={t} language={language} message={opened.message} csrfToken={request.csrfToken() ?? ''} now={deps.now()} />,
    });
  });

  app.get('/berichten/:id/bijlagen/:position', { config: { representation: 'berichtenbox-read' } }, async (request, reply) => {
    const { citizenId, level, organisationIds } = citizenAndLevel(request);
    const messageId = messageIdOf(request);
    const position = parsePosition((request.params as { position?: unknown }).position);
    if (position === null) return notFound();
    const found = await deps.messages.attachment({ citizenId, messageId, position, level, organisationIds });
    if (found.kind === 'not-found') return notFound();
    if (found.kind === 'step-up') return stepUp(request, reply, found, level);
    return reply
      .header('Content-Type', ATTACHMENT_CONTENT_TYPE)
      .header('Content-Disposition', contentDisposition(found.filename))
      .header('Content-Length', String(found.bytes.length))
      .header('X-Content-Type-Options', 'nosniff')
      .send(found.bytes);
  });

  const actions: { path: string; run: (input: ActionInput) => Promise<ActionResult>; folder: Folder; notice: NoticeSlug }[] = [
    { path: 'ongelezen', run: (input) => deps.messages.markUnread(input), folder: 'inbox', notice: 'ongelezen' },
    { path: 'archiveren', run: (input) => deps.messages.archive(input), folder: 'inbox', notice: 'gearchiveerd' },
    { path: 'verwijderen', run: (input) => deps.messages.moveToBin(input), folder: 'inbox', notice: 'verwijderd' },
    { path: 'terugzetten', run: (input) => deps.messages.restore(input), folder: 'inbox', notice: 'teruggezet' },
  ];
  for (const action of actions) {
    // Post/redirect/get: after the change the citizen lands on the Inbox with a notice.
    app.post(`/berichten/:id/${action.path}`, { config: { representation: 'berichtenbox-manage' } }, async (request, reply) => {
      const { citizenId, level, organisationIds } = citizenAndLevel(request);
      const result = await action.run({ citizenId, messageId: messageIdOf(request), level, organisationIds });
      if (result.kind === 'not-found') return notFound();
      if (result.kind === 'step-up') return stepUp(request, reply, result, level);
      return reply.redirect(folderUrl(action.folder, { notice: action.notice }), 303);
    });
  }
}
