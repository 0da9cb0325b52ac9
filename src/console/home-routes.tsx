import type { FastifyInstance } from 'fastify';
import { requireConsoleUser, type ConsoleNavItem } from '../platform/console.ts';
import { CONSOLE_ROLES } from './console-accounts.ts';
import { visibleNav } from './console-plugin.tsx';

/** The console's start page: who is logged in, with which roles, and the pages they may use. */
export function consoleHomeRoutes(app: FastifyInstance, nav: () => readonly ConsoleNavItem[]) {
  app.get('/', { config: { consoleRoles: CONSOLE_ROLES } }, async (request, reply) => {
    const user = requireConsoleUser(request);
    const { t } = request;
    const pages = visibleNav(nav(), user.roles).filter((item) => item.href !== '/beheer');
    return reply.consolePage({
      title: t('console.home'),
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{t('console.home.title', { name: user.fullName })}</h1>
          <p class="utrecht-paragraph" data-testid="console-roles">
            {t('console.home.roles', { roles: user.roles.map((role) => t(`console.role.${role}`)).join(', ') })}
          </p>
          {pages.length > 0 ? (
            <ul class="utrecht-unordered-list">
              {pages.map((item) => (
                <li>
                  <a class="utrecht-link" href={item.href}>
                    {t(item.labelKey)}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="utrecht-paragraph">{t('console.home.nothing')}</p>
          )}
        </div>
      ),
    });
  });
}
