import type { ComponentChildren } from 'preact';
import type { Language, Translate } from '../i18n.ts';
import type { Banner, HeaderBadge, NavItem, SignIn } from '../module.ts';

export interface Viewer {
  displayName: string;
  badges: HeaderBadge[];
  /** Shown above the content on every page, e.g. "U handelt namens …". */
  banner?: Banner | null;
}

export interface LayoutProps {
  language: Language;
  t: Translate;
  title: string;
  path: string;
  /** The same page in the other language (path and query kept). */
  languageHref: string;
  /**
   * Without a session the language is not remembered (no cookie before login), so the layout's
   * own links carry it: `?lang=en` on the brand and footer links.
   */
  carryLanguage: boolean;
  viewer: Viewer | null;
  nav: NavItem[];
  /** Links in the footer (statements, contact), ordered. */
  footer: NavItem[];
  signIn: SignIn;
  csrfToken: string | null;
  children: ComponentChildren;
}

/** The document head of every page, citizen or console: the NL Design System styles and ours. */
export function PageHead(props: { title: string; noindex?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {props.noindex ? <meta name="robots" content="noindex" /> : null}
      <title>{props.title}</title>
      <link rel="stylesheet" href="/assets/nlds/tokens.css" />
      <link rel="stylesheet" href="/assets/nlds/components.css" />
      <link rel="stylesheet" href="/assets/app.css" />
    </head>
  );
}

/** The first link on every page: straight to the main content (WCAG 2.4.1). */
export function SkipLink(props: { t: Translate }) {
  return (
    <a class="bp-skip-link utrecht-link" href="#inhoud">
      {props.t('site.skip')}
    </a>
  );
}

/** The page frame every citizen page shares: skip link, header, navigation, main, footer. */
export function Layout(props: LayoutProps) {
  const { t, viewer, language } = props;
  const otherLanguage: Language = language === 'nl' ? 'en' : 'nl';
  return (
    <html lang={language} class="rhc-theme">
      <PageHead title={`${props.title} | ${t('site.name')}`} />
      <body class="utrecht-page-body utrecht-document">
        <SkipLink t={t} />
        <header class="bp-header">
          <div class="bp-header__inner">
            <a class="bp-brand" href={withLanguage('/', props)}>
              {t('site.name')}
            </a>
            {viewer ? (
              <p class="bp-header__viewer" data-testid="viewer">
                <span class="bp-header__name">{viewer.displayName}</span>
                {viewer.badges.map((badge) => (
                  <>
                    {' · '}
                    <a class="utrecht-link" href={badge.href} data-testid={badge.testId}>
                      {badge.label}
                    </a>
                  </>
                ))}
              </p>
            ) : null}
            <a class="utrecht-link bp-language-switch" href={props.languageHref} hreflang={otherLanguage} lang={otherLanguage} aria-label={t('site.switchLanguageLabel')}>
              {t('site.switchLanguage')}
            </a>
            {/* On wide screens logging out sits here; on small screens in the menu (one of the two is hidden). */}
            {viewer ? <LogoutForm {...props} /> : null}
          </div>
          {viewer ? (
            // Folded into "Menu" on small screens without any script; open on wide screens (app.css).
            <details class="bp-menu">
              <summary class="bp-menu__toggle">{t('site.menu')}</summary>
              <nav class="bp-nav" aria-label={t('site.nav')}>
                <ul class="bp-nav__list">
                  {props.nav.filter((item) => item.inMenu !== false).map((item) => (
                    <li>
                      <a class="utrecht-link bp-nav__link" href={item.href} aria-current={isCurrent(props.path, item.href) ? 'page' : undefined}>
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
          {viewer?.banner ? (
            <div class="bp-banner" role="region" aria-label={viewer.banner.text} data-testid="acting-banner">
              <p class="utrecht-paragraph">
                <strong>{viewer.banner.text}</strong>
              </p>
              <form method="post" action={viewer.banner.action.href}>
                <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                  {viewer.banner.action.label}
                </button>
              </form>
            </div>
          ) : null}
          {props.children}
        </main>
        <footer class="bp-footer">
          {props.footer.length > 0 ? (
            <nav aria-label={t('site.footerNav')}>
              <ul class="bp-footer__links">
                {props.footer.map((item) => (
                  <li>
                    <a class="utrecht-link" href={withLanguage(item.href, props)} aria-current={props.path === item.href ? 'page' : undefined}>
                      {t(item.labelKey)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <p class="utrecht-paragraph">{t('site.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

function withLanguage(href: string, props: LayoutProps): string {
  return keepLanguage(href, props.language, props.carryLanguage);
}

/**
 * A link that keeps the visitor's language: before login nothing remembers it (no cookie), so a
 * link on a public page carries `lang` itself; with a session, or in Dutch, the link stays bare.
 */
export function keepLanguage(href: string, language: Language, carry: boolean): string {
  return carry ? `${href}${href.includes('?') ? '&' : '?'}lang=${language}` : href;
}

function LogoutForm(props: LayoutProps) {
  return (
    <form method="post" action={props.signIn.logoutPath} class="bp-nav__logout">
      <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
        {props.t(props.signIn.logoutLabelKey)}
      </button>
    </form>
  );
}

/** Whether a menu link is the current page: its own page or one below it, except the home link (`home`), which is only itself. */
export function isCurrent(path: string, href: string, home = '/'): boolean {
  return href === home ? path === home : path === href || path.startsWith(`${href}/`);
}
