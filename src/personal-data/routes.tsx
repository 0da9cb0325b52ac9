import type { FastifyInstance } from 'fastify';
import { formatDateTime } from '../platform/i18n.ts';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { BenefitsBlock } from './blocks/benefits-block.tsx';
import { BrpBlock } from './blocks/brp-block.tsx';
import { VehiclesBlock } from './blocks/vehicles-block.tsx';
import { WozBlock } from './blocks/woz-block.tsx';
import type { PersonalData } from './service.ts';

/** /mijn-gegevens: every register's block from the session, without calling any register (R14, R15). */
export function personalDataRoutes(app: FastifyInstance, deps: { personalData: PersonalData }): void {
  app.get('/mijn-gegevens', { config: { representation: 'self' } }, async (request, reply) => {
    const context = requireCitizen(request);
    const { t, language } = request;
    const view = await deps.personalData.view(context.session);
    const fetched = Object.values(view).flatMap((outcome) => (outcome.fetchedAt ? [outcome.fetchedAt.getTime()] : []));
    return reply.page({
      title: t('personalData.title'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('personalData.title')}</h1>
          <p class="utrecht-paragraph">
            {t('personalData.intro')}
            {fetched.length > 0 ? ` ${t('personalData.fetchedAt', { time: formatDateTime(new Date(Math.min(...fetched)), language) })}` : null}
          </p>
          <BrpBlock outcome={view.brp} t={t} language={language} />
          <VehiclesBlock outcome={view.rdw} t={t} language={language} />
          <WozBlock outcome={view.woz} t={t} language={language} />
          <BenefitsBlock outcome={view.benefits} t={t} language={language} />
        </div>
      ),
    });
  });
}
