import type { Language, Translate } from '../../platform/i18n.ts';
import type { SourceOutcome } from '../../registers/index.ts';
import { blockHeadingId, DataBlock } from './data-block.tsx';
import { formatIsoDate } from './format.ts';

/** The benefits block: which benefit, paid by whom, since and until when. */
export function BenefitsBlock(props: { outcome: SourceOutcome<'benefits'>; t: Translate; language: Language }) {
  const { outcome, t, language } = props;
  const benefits = outcome.status === 'ok' ? outcome.data.benefits : [];
  return (
    <DataBlock source="benefits" t={t} available={outcome.status === 'ok'} authority={t('personalData.benefits.authority')}>
      {benefits.length === 0 ? (
        <p class="utrecht-paragraph">{t('personalData.benefits.empty')}</p>
      ) : (
        <table class="bp-table bp-table--stack utrecht-table" aria-labelledby={blockHeadingId('benefits')} data-testid="benefits">
          <thead>
            <tr>
              <th scope="col">{t('personalData.benefits.name')}</th>
              <th scope="col">{t('personalData.benefits.provider')}</th>
              <th scope="col">{t('personalData.benefits.since')}</th>
              <th scope="col">{t('personalData.benefits.until')}</th>
            </tr>
          </thead>
          <tbody>
            {benefits.map((benefit) => (
              <tr>
                <th scope="row">{benefit.name}</th>
                <td data-label={t('personalData.benefits.provider')}>{benefit.provider}</td>
                <td data-label={t('personalData.benefits.since')}>{formatIsoDate(benefit.since, language)}</td>
                <td data-label={t('personalData.benefits.until')}>{benefit.until ? formatIsoDate(benefit.until, language) : t('personalData.benefits.until.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DataBlock>
  );
}
