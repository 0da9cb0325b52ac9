import type { Language, Translate } from '../../platform/i18n.ts';
import type { SourceOutcome } from '../../registers/index.ts';
import { DataBlock } from './data-block.tsx';
import { formatEuros, formatIsoDate } from './format.ts';

/** The WOZ block: value of the citizen's home, its reference date and the municipality. */
export function WozBlock(props: { outcome: SourceOutcome<'woz'>; t: Translate; language: Language }) {
  const { outcome, t, language } = props;
  const objects = outcome.status === 'ok' ? outcome.data.objects : [];
  const municipality = objects[0]?.municipality;
  return (
    <DataBlock
      source="woz"
      t={t}
      available={outcome.status === 'ok'}
      authority={t('personalData.woz.authority', { municipality: municipality ? ` (${municipality})` : '' })}
    >
      {objects.length === 0 ? (
        <p class="utrecht-paragraph">{t('personalData.woz.empty')}</p>
      ) : (
        objects.map((object) => (
          <dl class="utrecht-data-list" data-testid="woz-object">
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('personalData.woz.address')}</dt>
              <dd class="utrecht-data-list__item-value">{object.address}</dd>
            </div>
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('personalData.woz.value')}</dt>
              <dd class="utrecht-data-list__item-value" data-testid="woz-value">
                {formatEuros(object.value, language)}
              </dd>
            </div>
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('personalData.woz.referenceDate')}</dt>
              <dd class="utrecht-data-list__item-value">{formatIsoDate(object.referenceDate, language)}</dd>
            </div>
            <div class="utrecht-data-list__item">
              <dt class="utrecht-data-list__item-key">{t('personalData.woz.municipality')}</dt>
              <dd class="utrecht-data-list__item-value">{object.municipality}</dd>
            </div>
          </dl>
        ))
      )}
    </DataBlock>
  );
}
