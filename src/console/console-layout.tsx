import type { ComponentChildren } from 'preact';
import type { ConsoleNavItem, ConsoleUser } from '../platform/console.ts';
import type { Language, Translate } from '../platform/i18n.ts';
import { isCurrent, PageHead, SkipLink } from '../platform/web/layout.tsx';

export interface ConsoleLayoutProps {
  language: Language;
  t: Translate;
  title: string;
  path: string;
  /** The same page in the other language. */
  languageHref: string;
  user: ConsoleUser | null;
  /** The menu, already filtered to the user's roles and ordered. */
  nav: ConsoleNavItem[];
  csrfToken: string | null;
  children: ComponentChildren;
}

/** The console's page frame: the citizen pages' styles, its own header, menu and no citizen links. */
export function ConsoleLayout(props: ConsoleLayoutProps) {
  const { t, user, language } = props;
  const otherLanguage: Language = language === 'nl' ? 'en' : 'nl';
  return (
    <html lang={language} class="rhc-theme">
      <PageHead title={`${props.title} | ${t('console.name')}`} noindex />
      <body class="utrecht-page-body utrecht-document">
        <SkipLink t={t} />
        <header class="bp-header">
          <div class="bp-header__inner">
            <a class="bp-brand" href="/beheer">
              {t('console.name')}
            </a>
            {user ? (
              <p class="bp-header__viewer" data-testid="console-user">
                <span class="bp-header__name">{user.fullName}</span>
              </p>
            ) : null}
            <a class="utrecht-link bp-language-switch" href={props.languageHref} hreflang={otherLanguage} lang={otherLanguage} aria-label={t('site.switchLanguageLabel')}>
              {t('site.switchLanguage')}
            </a>
            {user ? <LogoutForm {...props} /> : null}
          </div>
          {user ? (
            <details class="bp-menu">
              <summary class="bp-menu__toggle">{t('site.menu')}</summary>
              <nav class="bp-nav" aria-label={t('console.nav')}>
                <ul class="bp-nav__list">
                  {props.nav.map((item) => (
                    <li>
                      <a class="utrecht-link bp-nav__link" href={item.href} aria-current={isCurrent(props.path, item.href, '/beheer') ? 'page' : undefined}>
                        {t(item.labelKey)}
                      </a>
                    </li>
                  ))}
                  <li class="bp-nav__logout-item">
                    <LogoutForm {...props} />
                  </li>
                </ul>
              </nav>
            </details>
          ) : null}
        </header>
        <main id="inhoud" class="bp-main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="bp-footer">
          <p class="utrecht-paragraph">{t('console.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

function LogoutForm(props: ConsoleLayoutProps) {
  return (
    <form method="post" action="/beheer/uitloggen" class="bp-nav__logout">
      <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
        {props.t('console.logout')}
      </button>
    </form>
  );
}
