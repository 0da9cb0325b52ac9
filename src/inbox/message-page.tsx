import type { AssuranceLevel } from '../identity/index.ts';
import { formatDate, formatDateTime, formatFileSize, type Language, type Translate } from '../platform/i18n.ts';
import { folderUrl } from './inbox-params.ts';
import type { OpenedMessage } from './message-service.ts';
import { NotificationHistory } from './notification-history.tsx';
import { PlainText } from './plain-text.tsx';

/** A readable message (R7) with its actions and its own notification history (R10). */
export function MessagePage(props: { t: Translate; language: Language; message: OpenedMessage; csrfToken: string; now: Date }) {
  const { t, language, message } = props;
  const action = (path: string, label: string, testId: string, secondary = true) => (
    <form method="post" action={`/berichten/${message.id}/${path}`} class="bp-inline-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class={`utrecht-button utrecht-button--${secondary ? 'secondary' : 'primary'}-action`} data-testid={testId}>
        {label}
      </button>
    </form>
  );
  return (
    <article class="bp-stack" data-testid="message">
      <p class="utrecht-paragraph bp-no-print">
        <a class="utrecht-link" href={folderUrl(message.folder)}>
          {t('message.back', { folder: t(`inbox.folder.${message.folder}`) })}
        </a>
      </p>
      <h1 class="utrecht-heading-1" data-testid="message-subject">
        {message.subject}
      </h1>
      {message.legalConsequence ? (
        <div class="bp-notice" data-testid="legal-consequence">
          <p class="utrecht-paragraph">
            <span class="bp-badge bp-badge--legal">{t('message.legal')}</span>
          </p>
          <p class="utrecht-paragraph">{t('message.legal.explain')}</p>
        </div>
      ) : null}
      {message.dueAt ? (
        <p class="bp-notice bp-notice--due utrecht-paragraph" data-testid="due">
          <strong>
            {message.dueAt < props.now
              ? t('message.due.passed', { date: formatDate(message.dueAt, language) })
              : t('message.due', { date: formatDate(message.dueAt, language) })}
          </strong>
        </p>
      ) : null}
      <dl class="utrecht-data-list bp-stack">
        <div>
          <dt class="utrecht-data-list__item-key">{t('message.sender')}</dt>
          <dd class="utrecht-data-list__item-value" data-testid="message-sender">
            {message.sender}
          </dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('message.received')}</dt>
          <dd class="utrecht-data-list__item-value">{formatDateTime(message.receivedAt, language)}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('message.folder')}</dt>
          <dd class="utrecht-data-list__item-value">{t(`inbox.folder.${message.folder}`)}</dd>
        </div>
      </dl>
      <h2 class="utrecht-heading-2">{t('message.content')}</h2>
      <div class="bp-message-body" data-testid="message-body">
        <PlainText text={message.body} />
      </div>
      {message.attachments.length > 0 ? (
        <>
          <h2 class="utrecht-heading-2">{t('message.attachments')}</h2>
          <ul class="utrecht-unordered-list" data-testid="attachments">
            {message.attachments.map((attachment) => (
              <li>
                <a class="utrecht-link" href={`/berichten/${message.id}/bijlagen/${attachment.position}`} download={attachment.filename}>
                  {attachment.filename}
                </a>{' '}
                ({t('message.attachment.size', { size: formatFileSize(attachment.size, language) })})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 class="utrecht-heading-2 bp-no-print">{t('message.actions')}</h2>
      <div class="bp-actions">
        {action('ongelezen', t('message.action.unread'), 'action-unread')}
        {message.folder === 'inbox' ? action('archiveren', t('message.action.archive'), 'action-archive', false) : null}
        {message.folder === 'inbox' ? null : action('terugzetten', t('message.action.restore'), 'action-restore', false)}
        {message.folder === 'bin' ? null : action('verwijderen', t('message.action.delete'), 'action-delete')}
      </div>
      {/* The log of notification mails is there for whoever wants to check it, folded away for the rest. */}
      <details class="bp-reveal bp-no-print">
        <summary>{t('message.notifications')}</summary>
        <NotificationHistory t={t} language={language} notification={message.notification} />
      </details>
    </article>
  );
}

/** In place of a message the session's level may not read: the sender only, and a way to step up. */
export function StepUpPage(props: { t: Translate; id: string; sender: string; required: AssuranceLevel; current: AssuranceLevel }) {
  const { t } = props;
  const level = t(`level.${props.required}`);
  // The id is a validated UUID and the level one of four names, so neither needs encoding.
  const href = `/inloggen?niveau=${props.required}&terug=/berichten/${props.id}`;
  return (
    <div class="bp-stack" data-testid="step-up">
      <h1 class="utrecht-heading-1">{t('stepUp.title', { sender: props.sender })}</h1>
      <p class="utrecht-paragraph">{t('stepUp.body', { level, current: t(`level.${props.current}`) })}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--primary-action" href={href} data-testid="step-up-link">
          {t('stepUp.button', { level })}
        </a>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/berichten">
          {t('message.back', { folder: t('inbox.folder.inbox') })}
        </a>
      </p>
    </div>
  );
}
