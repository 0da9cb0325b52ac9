import { formatDate, pluralKey, type Language, type Translate } from '../platform/i18n.ts';
import { organisationsInScope, type StartPageInput } from '../platform/module.ts';
import { asAssuranceLevel } from './assurance-check.ts';
import type { InboxLists, ListItem } from './inbox-service.ts';

const SHOWN = 5;

function subjectOf(item: ListItem, t: Translate): string {
  return item.subject ?? t('inbox.hidden', { sender: item.sender, level: t(`level.${item.requiredAssurance}`) });
}

/** Start page, first part: unread messages that ask for a response, the earliest date first. */
export async function inboxAttention(lists: InboxLists, input: StartPageInput) {
  const { t, language, context } = input;
  const due = await lists.awaitingResponse({ citizenId: context.subject.citizenId, level: asAssuranceLevel(context.assurance), limit: SHOWN, organisationIds: organisationsInScope(context) });
  if (due.length === 0) return null;
  const now = Date.now();
  return (
    <div class="bp-stack" data-testid="attention-messages">
      <h3 class="utrecht-heading-3">{t('home.due.title')}</h3>
      <ul class="bp-list-plain bp-stack">
        {due.map((item) => (
          <li data-testid="attention-message">
            <a class="utrecht-link" href={`/berichten/${item.id}`}>
              <strong>{subjectOf(item, t)}</strong>
            </a>
            <br />
            <span class="bp-meta">{item.sender}</span>
            <br />
            <span class="bp-badge bp-badge--due">
              {item.dueAt && item.dueAt.getTime() < now
                ? t('message.due.passed', { date: formatDate(item.dueAt, language) })
                : t('message.due', { date: formatDate(item.dueAt ?? new Date(), language) })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Start page, overview part: how many are unread and the newest messages in the Inbox. */
export async function inboxOverview(lists: InboxLists, input: StartPageInput) {
  const { t, language, context } = input;
  const citizenId = context.subject.citizenId;
  // The first page carries the unread count, for this block and the header alike.
  const page = await lists.listFolder({ citizenId, folder: 'inbox', page: 1, query: '', level: asAssuranceLevel(context.assurance), organisationIds: organisationsInScope(context) });
  lists.rememberUnread(context, page);
  const unread = page.unread;
  const newest = page.items.slice(0, SHOWN);
  return (
    <section class="bp-stack" aria-labelledby="nieuwste-berichten" data-testid="home-messages">
      <h2 class="utrecht-heading-2" id="nieuwste-berichten">
        {t('home.messages.title')}
      </h2>
      <p class="utrecht-paragraph" data-testid="home-unread">
        {unread > 0 ? t(pluralKey(language, 'home.unread', unread), { count: unread }) : t('home.unread.none')}
      </p>
      {newest.length > 0 ? <MessageList items={newest} t={t} language={language} /> : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/berichten">
          {t('home.messages.all')}
        </a>
      </p>
    </section>
  );
}

function MessageList(props: { items: ListItem[]; t: Translate; language: Language }) {
  const { t, language } = props;
  return (
    <ul class="bp-list-plain bp-stack">
      {props.items.map((item) => (
        <li data-testid="home-message">
          {item.unread ? <span class="bp-badge">{t('inbox.unread')}</span> : null}
          {item.unread ? ' ' : null}
          <a class="utrecht-link" href={`/berichten/${item.id}`}>
            {item.unread ? <strong>{subjectOf(item, t)}</strong> : subjectOf(item, t)}
          </a>
          <br />
          <span class="bp-meta">
            {item.sender}, {formatDate(item.receivedAt, language)}
          </span>
        </li>
      ))}
    </ul>
  );
}
