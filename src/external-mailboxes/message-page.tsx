import { formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import type { Bericht } from './magazijn-contract.ts';
import type { StoreInfo } from './external-mailboxes.ts';
import { externalMessageHref } from './inbox-section.tsx';

/** One external message, fetched now: its source, text (as plain paragraphs) and attachments to download. */
export function ExternalMessagePage(props: { t: Translate; language: Language; store: StoreInfo; message: Bericht }) {
  const { t, language, store, message } = props;
  const paragraphs = message.inhoud.split(/\n\s*\n/);
  return (
    <article class="bp-stack" data-testid="external-message">
      <h1 class="utrecht-heading-1">{message.onderwerp}</h1>
      <p class="utrecht-paragraph">
        <span class="bp-badge" data-testid="external-message-source">
          {t('externalMessage.source', { organisation: store.name })}
        </span>
      </p>
      <p class="utrecht-paragraph">
        {t('externalMessage.date')}: {formatDateTime(new Date(message.publicatietijdstip), language)}
      </p>
      <div class="bp-message-body" data-testid="message-body">
        {paragraphs.map((paragraph) => (
          <p class="utrecht-paragraph">
            {paragraph.split('\n').map((line, index) => (
              <>
                {index > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ))}
      </div>
      {message.bijlagen.length > 0 ? (
        <section aria-labelledby="external-attachments">
          <h2 class="utrecht-heading-2" id="external-attachments">
            {t('externalMessage.attachments')}
          </h2>
          <ul class="utrecht-unordered-list">
            {message.bijlagen.map((bijlage) => (
              <li>
                <a class="utrecht-link" href={`${externalMessageHref(store.id, message.berichtId)}/bijlagen/${bijlage.bijlageId}`} data-testid="external-attachment" download>
                  {t('externalMessage.download', { name: bijlage.naam })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="bp-hint utrecht-paragraph">{t('externalMessage.notKept', { organisation: store.name })}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/berichten">
          {t('externalMailboxes.backToInbox')}
        </a>
      </p>
    </article>
  );
}

/** The store could not answer: a readable page, the rest of the portal unaffected. */
export function UnavailablePage(props: { t: Translate; store: StoreInfo }) {
  const { t, store } = props;
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{t('externalMessage.unavailable.title', { organisation: store.name })}</h1>
      <p class="utrecht-paragraph">{t('externalMessage.unavailable.body', { organisation: store.name })}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/berichten">
          {t('externalMailboxes.backToInbox')}
        </a>
      </p>
    </div>
  );
}
