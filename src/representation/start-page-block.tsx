import type { Translate } from '../platform/i18n.ts';
import type { MandateView } from './mandates.ts';
import { REP_PATH } from './mandates-page.tsx';

/** After login: "for whom?" when others gave this citizen a mandate, and pending ones to accept (R17). */
export function ChooseBlock(props: { t: Translate; csrfToken: string; usable: MandateView[]; pending: number }) {
  const { t } = props;
  return (
    <section class="bp-stack" aria-labelledby="namens" data-testid="choose-representation">
      <h3 class="utrecht-heading-3" id="namens">
        {t('rep.choose.title')}
      </h3>
      {props.usable.length > 0 ? (
        <>
          <p class="utrecht-paragraph">{t('rep.choose.intro')}</p>
          <ul class="utrecht-unordered-list bp-stack">
            {props.usable.map((view) => (
              <li>
                <form method="post" action="/namens">
                  <input type="hidden" name="_csrf" value={props.csrfToken} />
                  <input type="hidden" name="machtiging" value={view.id} />
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action" data-testid="act-for">
                    {t('rep.act', { name: view.grantorName })}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.pending > 0 ? (
        <p class="utrecht-paragraph">
          {t('rep.choose.pending')}{' '}
          <a class="utrecht-link" href={REP_PATH}>
            {t('rep.choose.pendingLink')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
