import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import type { Language, Translate } from '../platform/i18n.ts';
import type { PortalModule } from '../platform/module.ts';
import { privacyMessages } from './messages.ts';
import { ProcessingRegister } from './processing-register.tsx';
import { AccessibilityStatement, ContactPage, CookieStatement, PrivacyStatement } from './statements.tsx';

export {
  ACTION_TEXT,
  CLOCK_TEXT,
  DATA_CATEGORIES,
  PROCESSING_CATALOGUE,
  RETENTION_DAYS,
  TABLES_WITHOUT_PERSONAL_DATA,
  undeclaredColumns,
  retentionText,
  type DataCategoryId,
  type ProcessingActivity,
  type Retention,
  type RetentionRule,
} from './processing-catalogue.ts';

const PAGES: { path: string; titleKey: string; labelKey: string; render: (props: { t: Translate; language: Language; href: (path: string) => string }) => VNode }[] = [
  { path: '/toegankelijkheid', titleKey: 'accessibility.title', labelKey: 'footer.accessibility', render: AccessibilityStatement },
  { path: '/privacy', titleKey: 'privacy.title', labelKey: 'footer.privacy', render: PrivacyStatement },
  { path: '/cookies', titleKey: 'cookies.title', labelKey: 'footer.cookies', render: CookieStatement },
  { path: '/contact', titleKey: 'contact.title', labelKey: 'footer.contact', render: ContactPage },
];

/** Pages linked from the statements rather than from every footer. */
const LINKED_PAGES: typeof PAGES = [{ path: '/verwerkingsregister', titleKey: 'register.title', labelKey: 'register.title', render: ProcessingRegister }];

/**
 * The statements a government site publishes, for everyone (logged in or not), linked from every
 * page's footer: accessibility, privacy (generated from the processing catalogue), cookies, contact.
 */
export function createPrivacyModule(): PortalModule {
  return {
    name: 'privacy',
    texts: privacyMessages,
    footer: PAGES.map((page, index) => ({ href: page.path, labelKey: page.labelKey, order: index })),
    web(app: FastifyInstance) {
      for (const page of [...PAGES, ...LINKED_PAGES]) {
        app.get(page.path, { config: { representation: 'anyone' } }, async (request, reply) => {
          const { t, language } = request;
          return reply.page({ title: t(page.titleKey), body: page.render({ t, language, href: (path) => request.localHref(path) }) });
        });
      }
    },
  };
}
