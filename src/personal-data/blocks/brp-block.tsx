import type { ComponentChildren } from 'preact';
import type { Language, Translate } from '../../platform/i18n.ts';
import type { BrpData, SourceOutcome } from '../../registers/index.ts';
import { DataBlock } from './data-block.tsx';
import { formatRegisterDate } from './format.ts';

/** The population register block: name, address, birth, nationality, partner and children. */
export function BrpBlock(props: { outcome: SourceOutcome<'brp'>; t: Translate; language: Language }) {
  const { outcome, t, language } = props;
  const person = outcome.status === 'ok' ? outcome.data : null;
  const municipality = person?.address?.municipality;
  return (
    <DataBlock
      source="brp"
      t={t}
      available={outcome.status === 'ok'}
      authority={t('personalData.brp.authority', { municipality: municipality ? ` (${municipality})` : '' })}
    >
      {person ? <PersonDetails person={person} t={t} language={language} /> : <p class="utrecht-paragraph">{t('personalData.brp.empty')}</p>}
    </DataBlock>
  );
}

function PersonDetails(props: { person: BrpData; t: Translate; language: Language }) {
  const { person, t, language } = props;
  const unknown = t('personalData.date.none');
  const date = (value: Parameters<typeof formatRegisterDate>[0]) => formatRegisterDate(value, language, unknown);
  const rows: [string, ComponentChildren][] = [
    [t('personalData.brp.name'), person.name],
    [t('personalData.brp.birthDate'), date(person.birthDate)],
    [t('personalData.brp.birthPlace'), person.birthPlace ?? unknown],
    [t('personalData.brp.nationality'), person.nationalities.length > 0 ? person.nationalities.join(', ') : unknown],
    [
      t('personalData.brp.address'),
      person.address ? person.address.lines.map((line, index) => (index === 0 ? line : [<br />, line])) : t('personalData.brp.address.none'),
    ],
    [
      t('personalData.brp.partner'),
      person.partners.length > 0
        ? person.partners.map((partner) => (
            <p class="utrecht-paragraph">
              {partner.name}
              {partner.kind && partner.since ? `, ${t('personalData.brp.partner.since', { kind: partner.kind, date: date(partner.since) })}` : null}
              {partner.ended ? `, ${t('personalData.brp.partner.ended', { date: date(partner.ended) })}` : null}
            </p>
          ))
        : t('personalData.brp.partner.none'),
    ],
    [
      t('personalData.brp.children'),
      person.children.length > 0 ? (
        <ul class="utrecht-unordered-list">
          {person.children.map((child) => (
            <li class="utrecht-unordered-list__item">
              {child.name}
              {child.birthDate ? ` (${t('personalData.brp.bornOn', { date: date(child.birthDate) })})` : null}
            </li>
          ))}
        </ul>
      ) : (
        t('personalData.brp.children.none')
      ),
    ],
  ];
  return (
    <dl class="utrecht-data-list" data-testid="brp-details">
      {rows.map(([key, value]) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{key}</dt>
          <dd class="utrecht-data-list__item-value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
