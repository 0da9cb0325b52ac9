import type { Language, Translate } from '../../platform/i18n.ts';
import type { SourceOutcome } from '../../registers/index.ts';
import { blockHeadingId, DataBlock } from './data-block.tsx';
import { formatIsoDate } from './format.ts';

/** The RDW block: vehicles registered in the citizen's name, with their APK expiry. */
export function VehiclesBlock(props: { outcome: SourceOutcome<'rdw'>; t: Translate; language: Language }) {
  const { outcome, t, language } = props;
  const vehicles = outcome.status === 'ok' ? outcome.data.vehicles : [];
  return (
    <DataBlock source="rdw" t={t} available={outcome.status === 'ok'} authority={t('personalData.rdw.authority')}>
      {vehicles.length === 0 ? (
        <p class="utrecht-paragraph">{t('personalData.rdw.empty')}</p>
      ) : (
        <table class="bp-table bp-table--stack utrecht-table" aria-labelledby={blockHeadingId('rdw')} data-testid="vehicles">
          <thead>
            <tr>
              <th scope="col">{t('personalData.rdw.plate')}</th>
              <th scope="col">{t('personalData.rdw.brand')}</th>
              <th scope="col">{t('personalData.rdw.model')}</th>
              <th scope="col">{t('personalData.rdw.registeredOn')}</th>
              <th scope="col">{t('personalData.rdw.apk')}</th>
            </tr>
          </thead>
          <tbody>
            {vehicles.map((vehicle) => (
              <tr>
                <th scope="row">{vehicle.plate}</th>
                <td data-label={t('personalData.rdw.brand')}>{vehicle.brand}</td>
                <td data-label={t('personalData.rdw.model')}>{vehicle.model}</td>
                <td data-label={t('personalData.rdw.registeredOn')}>{formatIsoDate(vehicle.registeredOn, language)}</td>
                <td data-label={t('personalData.rdw.apk')}>{vehicle.apkExpiresOn ? formatIsoDate(vehicle.apkExpiresOn, language) : t('personalData.rdw.apk.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DataBlock>
  );
}
