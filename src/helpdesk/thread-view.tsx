import { formatDate, formatDateTime, type Language, type Translate } from '../platform/i18n.ts';
import { currentDeadline } from './complaint-clock.ts';
import type { ContactView, ThreadMessage } from './helpdesk-service.ts';

/** 'open' until staff answered; 'handled' once closed. */
export function contactStatus(contact: ContactView, messages?: ThreadMessage[]): 'open' | 'answered' | 'handled' {
  if (contact.handled_at) return 'handled';
  return messages?.some((message) => message.author === 'medewerker') ? 'answered' : 'open';
}

export function statusKey(contact: ContactView, messages?: ThreadMessage[]): string {
  return `helpdesk.status.${contactStatus(contact, messages)}`;
}

/** A question or complaint with its whole thread, as the citizen (or staff) reads it. */
export function ThreadView(props: { t: Translate; language: Language; contact: ContactView; messages: ThreadMessage[]; staffView?: boolean }) {
  const { t, language, contact, messages } = props;
  const deadline = currentDeadline(contact);
  return (
    <div class="bp-stack">
      <dl class="utrecht-data-list bp-stack">
        <div>
          <dt class="utrecht-data-list__item-key">{t('helpdesk.col.subject')}</dt>
          <dd class="utrecht-data-list__item-value">{contact.onderwerp}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('helpdesk.col.received')}</dt>
          <dd class="utrecht-data-list__item-value">{formatDateTime(contact.receivedAt, language)}</dd>
        </div>
        <div>
          <dt class="utrecht-data-list__item-key">{t('helpdesk.col.status')}</dt>
          <dd class="utrecht-data-list__item-value" data-testid="contact-status">{t(statusKey(contact, messages))}</dd>
        </div>
      </dl>
      {deadline && !contact.handled_at ? (
        <p class="bp-notice utrecht-paragraph" data-testid="contact-deadline">
          {contact.deferred_until ? t('helpdesk.thread.deferred', { date: formatDate(deadline, language) }) : t('helpdesk.thread.deadline', { date: formatDate(deadline, language) })}
        </p>
      ) : null}
      <h2 class="utrecht-heading-2">{t('helpdesk.thread.messages')}</h2>
      <ol class="bp-stack bp-thread" data-testid="thread">
        {messages.map((message) => (
          <li class="bp-card" data-author={message.author}>
            <h3 class="utrecht-heading-3">
              {message.author === 'burger' ? (props.staffView ? t('helpdesk.thread.sender') : t('helpdesk.thread.you')) : t('helpdesk.thread.staff')}
              {' · '}
              {formatDateTime(message.at, language)}
            </h3>
            <p class="utrecht-paragraph bp-thread-text">{message.body}</p>
          </li>
        ))}
      </ol>
      {!props.staffView && !messages.some((message) => message.author === 'medewerker') ? <p class="utrecht-paragraph">{t('helpdesk.thread.waiting')}</p> : null}
    </div>
  );
}
