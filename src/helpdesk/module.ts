import type { PortalModule } from '../platform/module.ts';
import { helpdeskExport } from './access-export.ts';
import { helpdeskConsole } from './console-routes.tsx';
import { registerCitizenRoutes } from './citizen-routes.tsx';
import { createHelpdesk, type HelpdeskDeps } from './helpdesk-service.ts';
import { helpdeskMessages } from './messages.ts';

/** The helpdesk (R22): citizen pages, console pages for the User role, and the retention job. */
export function createHelpdeskModule(deps: HelpdeskDeps): PortalModule & { helpdesk: ReturnType<typeof createHelpdesk> } {
  const helpdesk = createHelpdesk(deps);
  return {
    name: 'helpdesk',
    helpdesk,
    texts: helpdeskMessages,
    footer: [{ href: '/helpdesk', labelKey: 'footer.helpdesk', order: 45 }],
    nav: [{ href: '/helpdesk', labelKey: 'nav.helpdesk', order: 80, inMenu: false }],
    web(app) {
      registerCitizenRoutes(app, helpdesk);
    },
    accessExport: (input) => helpdeskExport(helpdesk, input),
    console: helpdeskConsole(helpdesk, deps.now),
    jobs: [{ name: 'helpdesk-retention', intervalMs: 60 * 60_000, run: () => helpdesk.applyRetention() }],
  };
}
