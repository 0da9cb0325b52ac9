import type { Translate } from '../platform/i18n.ts';

/** What a form page says after a POST: done, or what went wrong (and in which field). */
export type FormNotice = { kind: 'ok' | 'error'; text: string; field?: string };

/**
 * The notice at the top of Mijn account and Mijn profiel: an error summary linking to the field in
 * error (read first by a screen reader), or a plain status line.
 */
export function FormNoticeBlock(props: { notice: FormNotice | null; t: Translate }) {
  const { notice, t } = props;
  if (notice?.field) {
    return (
      <div class="bp-error-summary" role="alert" aria-labelledby="foutmelding" data-testid="error-summary">
        <h2 class="utrecht-heading-2" id="foutmelding">
          {t('error.summary')}
        </h2>
        <ul class="utrecht-unordered-list">
          <li>
            <a href={`#${notice.field}`}>{notice.text}</a>
          </li>
        </ul>
      </div>
    );
  }
  if (!notice) return null;
  return (
    <p class={`bp-notice bp-notice--${notice.kind} utrecht-paragraph`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {notice.text}
    </p>
  );
}
