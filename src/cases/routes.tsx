import type { FastifyInstance } from 'fastify';
import { HttpError } from '../platform/http/errors.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { organisationsInScope } from '../platform/module.ts';
import { CasePage } from './case-page.tsx';
import { CasesListPage } from './cases-list-page.tsx';
import type { CitizenCases } from './citizen-cases.ts';

/** Lopende Zaken pages; a case page answers 404 for any case the citizen does not own. */
export function casesRoutes(app: FastifyInstance, deps: { cases: CitizenCases }): void {
  app.get('/zaken', { config: { representation: 'lopende-zaken' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const cases = await deps.cases.list(context.subject.citizenId, organisationsInScope(context));
    return reply.page({ title: t('cases.title'), body: <CasesListPage cases={cases} t={t} language={language} /> });
  });

  app.get('/zaken/:caseId', { config: { representation: 'lopende-zaken' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const { caseId } = request.params as { caseId: string };
    const item = await deps.cases.get(context.subject.citizenId, caseId, organisationsInScope(context));
    if (!item) throw new HttpError(404, 'not-found');
    return reply.page({ title: item.title, body: <CasePage item={item} t={t} language={language} /> });
  });
}
