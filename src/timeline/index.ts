import type { FastifyInstance } from 'fastify';
import { requireCitizen } from '../platform/http/web-server.tsx';
import { inScope, type ModuleDirectory, type PortalModule, type TimelineEntry } from '../platform/module.ts';
import { timelineMessages } from './messages.ts';
import { TimelinePage } from './timeline-page.tsx';

/** How many entries each module contributes at most; the page says when the list is cut. */
export const TIMELINE_LIMIT = 200;

/**
 * One timeline across organisations: every module's `timeline` entries (messages, case status
 * changes, later data changes) in one date-ordered list, filterable by organisation and kind.
 */
export function createTimelineModule(deps: { directory: ModuleDirectory }): PortalModule {
  return {
    name: 'timeline',
    texts: timelineMessages,
    nav: [{ href: '/tijdlijn', labelKey: 'nav.timeline', order: 25 }],
    web(app: FastifyInstance) {
      app.get('/tijdlijn', { config: { representation: 'anyone' } }, async (request, reply) => {
        const context = requireCitizen(request);
        const { t, language } = request;
        const query = request.query as { organisatie?: unknown; soort?: unknown };
        const contributions = await Promise.all(
          // A representative sees only the entries of services in the mandate's scope (R17).
          deps.directory.modules().filter((module) => inScope(context, module.scope)).map((module) => module.timeline?.({ context, t, language, limit: TIMELINE_LIMIT }) ?? Promise.resolve([] as TimelineEntry[])),
        );
        const all = contributions.flat().sort((a, b) => b.at.getTime() - a.at.getTime());
        const organisations = [...new Set(all.map((entry) => entry.organisationName))].sort((a, b) => a.localeCompare(b, 'nl'));
        const kinds = [...new Set(all.map((entry) => entry.kind))].sort();
        const organisation = typeof query.organisatie === 'string' && organisations.includes(query.organisatie) ? query.organisatie : null;
        const kind = typeof query.soort === 'string' && kinds.includes(query.soort) ? query.soort : null;
        const entries = all.filter((entry) => (!organisation || entry.organisationName === organisation) && (!kind || entry.kind === kind));
        const limited = contributions.some((list) => list.length >= TIMELINE_LIMIT);
        const title = organisation ? t('timeline.titleFiltered', { organisation }) : t('timeline.title');
        return reply.page({
          title,
          body: TimelinePage({ t, language, view: { entries, organisations, kinds, organisation, kind, limited, limit: TIMELINE_LIMIT } }),
        });
      });
    },
  };
}
