import type { Logger } from 'pino';
import type { ZgwSource } from '../../config.ts';
import type { OrganisationRegistry } from '../../organisations/index.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { CaseReporting } from '../report-cases.ts';
import { mapZaak } from './zaak-mapping.ts';
import { ZgwClient, ZgwError } from './zgw-client.ts';
import type { Notificatie } from './zgw-types.ts';

export type SyncOutcome = 'synced' | 'ignored' | 'skipped';

/**
 * Turns ZGW notifications into cases (R11 zero-code). A notification only says "look here": the
 * portal reads the zaak from the source's own Zaken API and records it through the same rules as
 * the case API, as the organisation the source is configured for. Notifications about another
 * source's zaak or an unknown zaak change nothing. Log lines name the source and the zaak uuid,
 * never a BSN.
 */
export function createZgwSync(deps: { sources: ZgwSource[]; organisations: OrganisationRegistry; reporting: CaseReporting; logger: Logger }) {
  const clients = new Map(deps.sources.map((source) => [source.id, new ZgwClient(source)]));
  const log = deps.logger.child({ component: 'zgw-sync' });

  return {
    sources: deps.sources,

    /** Processes one notification for the named source; throws only for failures worth a retry by the sender. */
    async handle(sourceId: string, notificatie: Notificatie): Promise<SyncOutcome> {
      const client = clients.get(sourceId);
      if (!client || notificatie.kanaal !== 'zaken') return 'ignored';
      const zaakUuid = notificatie.hoofdObject.split('/').pop() ?? '';
      const context = { zgwSource: sourceId, zaak: zaakUuid, resource: notificatie.resource, actie: notificatie.actie };
      if (!client.owns(notificatie.hoofdObject, 'zaken')) {
        log.warn(context, 'zgw notification for a zaak outside this source ignored');
        return 'ignored';
      }
      if (notificatie.resource === 'zaak' && notificatie.actie === 'destroy') {
        log.info(context, 'zgw zaak destroyed at the source; the case stays visible');
        return 'ignored';
      }
      const organisation = await deps.organisations.findByOin(client.source.oin);
      if (!organisation?.active || !organisation.capabilities.includes('cases')) {
        log.warn(context, 'zgw source has no active organisation with the cases capability');
        return 'ignored';
      }
      let mapping;
      try {
        mapping = await mapZaak(client, notificatie.hoofdObject);
      } catch (error) {
        if (error instanceof ZgwError && (error.status === 404 || error.status === 400)) {
          log.warn({ ...context, status: error.status }, 'zgw zaak not found at the source; nothing changed');
          return 'ignored';
        }
        throw error;
      }
      if (mapping.kind === 'skip') {
        log.info({ ...context, reason: mapping.reason }, 'zgw zaak skipped');
        return 'skipped';
      }
      try {
        await deps.reporting.putCase({ organisation, reference: mapping.reference, body: mapping.input, source: 'zgw' });
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        log.info({ ...context, reason: error.slug }, 'zgw zaak skipped');
        return 'skipped';
      }
      for (const status of mapping.statuses) {
        try {
          await deps.reporting.addStatus({ organisation, reference: mapping.reference, body: status });
        } catch (error) {
          if (!(error instanceof Problem)) throw error;
          log.warn({ ...context, sequence: status.sequence, reason: error.slug }, 'zgw status not recorded');
        }
      }
      return 'synced';
    },
  };
}

export type ZgwSync = ReturnType<typeof createZgwSync>;
