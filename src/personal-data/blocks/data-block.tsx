import type { ComponentChildren } from 'preact';
import type { Translate } from '../../platform/i18n.ts';
import type { RegisterSource } from '../../registers/index.ts';

/** Where a citizen can read more about correcting a source's data (R15). Domain names, not texts. */
const CORRECTION_SITES: Record<RegisterSource, { href: string; label: string }[]> = {
  brp: [{ href: 'https://www.rvig.nl/brp', label: 'rvig.nl' }],
  rdw: [{ href: 'https://www.rdw.nl', label: 'rdw.nl' }],
  woz: [{ href: 'https://www.wozwaardeloket.nl', label: 'wozwaardeloket.nl' }],
  benefits: [
    { href: 'https://www.uwv.nl', label: 'uwv.nl' },
    { href: 'https://www.svb.nl', label: 'svb.nl' },
  ],
};

/** The id of a block's heading, to label what the block contains (e.g. a table) by it. */
export function blockHeadingId(source: RegisterSource): string {
  return `blok-${source}`;
}

export interface DataBlockProps {
  source: RegisterSource;
  t: Translate;
  /** The responsible authority, already phrased (it may name the municipality). */
  authority: string;
  available: boolean;
  children?: ComponentChildren;
}

/**
 * One register's block: heading, the responsible authority, the data or "tijdelijk niet
 * beschikbaar", and behind a <details> control (works without JavaScript) how to correct it (R15).
 */
export function DataBlock(props: DataBlockProps) {
  const { source, t } = props;
  const headingId = blockHeadingId(source);
  return (
    <section class="bp-card bp-stack" aria-labelledby={headingId} data-testid={`block-${source}`} data-status={props.available ? 'ok' : 'unavailable'}>
      <h2 class="utrecht-heading-2" id={headingId}>
        {t(`personalData.${source}.title`)}
      </h2>
      <p class="utrecht-paragraph bp-hint" data-testid="authority">
        {t('personalData.authority', { authority: props.authority })}
      </p>
      {props.available ? (
        props.children
      ) : (
        <p class="bp-notice utrecht-paragraph" data-testid="unavailable">
          {t('personalData.unavailable')}
        </p>
      )}
      <details class="bp-reveal" data-testid="correction">
        <summary>{t(`personalData.${source}.correct.summary`)}</summary>
        <p class="utrecht-paragraph">{t(`personalData.${source}.correct.body`)}</p>
        <p class="utrecht-paragraph">
          {t('personalData.moreInfo')}{' '}
          {CORRECTION_SITES[source].map((site, index) => (
            <>
              {index > 0 ? ', ' : null}
              <a class="utrecht-link" href={site.href} rel="noopener">
                {site.label}
              </a>
            </>
          ))}
        </p>
      </details>
    </section>
  );
}
