import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OrganisationRegistry } from '../organisations/index.ts';
import type { Db } from '../platform/db/database.ts';
import type { ModuleDirectory, PortalModule } from '../platform/module.ts';
import { statisticsMessages } from './messages.ts';
import { createStatisticsPublisher, dayKey } from './publisher.ts';
import { FigureTables, figuresCsv } from './statistics-page.tsx';
import { statisticsStore } from './statistics-store.ts';




const SHOWN_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Usage statistics (R28): each closed day the modules' counts are published once, small counts
 * suppressed and every figure noised; shown to everyone as open data (page and CSV) and in the
 * console. Only the published figures ever leave the database.
 */
export function createStatisticsModule(deps: {
  db: Db;
  now: () => Date;
  directory: ModuleDirectory;
  organisations: OrganisationRegistry;
  config: { statistics: { minCount: number; epsilon: number } };
}) {
  const settings = deps.config.statistics;
  const publisher = createStatisticsPublisher({ db: deps.db, now: deps.now, directory: deps.directory, settings });

  async function recentFigures() {
    const to = dayKey(deps.now());
    const from = dayKey(new Date(deps.now().getTime() - SHOWN_DAYS * DAY_MS));
    const [figures, organisations] = await Promise.all([statisticsStore.published(deps.db, { from, to }), deps.organisations.list()]);
    return { figures, organisationNames: new Map(organisations.map((organisation) => [organisation.organisationId, organisation.name])) };
  }

  function body(request: FastifyRequest, data: Awaited<ReturnType<typeof recentFigures>>, csvHref: string) {
    const { t, language } = request;
    const budget = { epsilon: settings.epsilon.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB'), minCount: settings.minCount };
    return (
      <>
        <h1 class="utrecht-heading-1">{t('statistics.title')}</h1>
        <p class="utrecht-paragraph">{t('statistics.intro')}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={csvHref} download="burgerportaal-statistieken.csv" data-testid="statistics-csv">{t('statistics.download')}</a>
        </p>
        <FigureTables figures={data.figures} t={t} language={language} organisationNames={data.organisationNames} />
        <h2 class="utrecht-heading-2">{t('statistics.protection.title')}</h2>
        <p class="utrecht-paragraph">{t('statistics.protection.small', budget)}</p>
        <p class="utrecht-paragraph">{t('statistics.protection.noise')}</p>
        <p class="utrecht-paragraph">{t('statistics.protection.budget', budget)}</p>
      </>
    );
  }

  async function csv() {
    const { figures, organisationNames } = await recentFigures();
    return figuresCsv(figures, organisationNames);
  }

  const module = {
    name: 'statistics',
    texts: statisticsMessages,
    footer: [{ href: '/statistieken', labelKey: 'footer.statistics', order: 10 }],
    jobs: [{ name: 'statistics-publish', intervalMs: 60 * 60 * 1000, run: () => publisher.runOnce() }],
    web(app: FastifyInstance) {
      app.get('/statistieken', async (request, reply) => reply.page({ title: request.t('statistics.title'), body: body(request, await recentFigures(), '/statistieken.csv') }));
      app.get('/statistieken.csv', async (_request, reply) =>
        reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="burgerportaal-statistieken.csv"').send(await csv()),
      );
    },
    console: {
      nav: [{ href: '/beheer/statistieken', labelKey: 'footer.statistics', order: 50, roles: ['administrator', 'user', 'planner'] }],
      routes(app: FastifyInstance) {
        app.get('/statistieken', { config: { consoleRoles: ['administrator', 'user', 'planner'] } }, async (request, reply) =>
          reply.consolePage({ title: request.t('statistics.title'), body: body(request, await recentFigures(), '/statistieken.csv') }),
        );
      },
    },
  } satisfies PortalModule;
  return { ...module, publisher };
}
