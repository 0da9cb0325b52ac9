import type { VNode } from 'preact';
import type { Translate } from '../platform/i18n.ts';
import { inScope, type ModuleDirectory, type StartPageInput } from '../platform/module.ts';

/**
 * The overview for a logged-in citizen: a greeting, then what needs attention from every module
 * (respond-by dates, changes since the last login), then each module's overview block.
 */
export async function renderStartPage(input: StartPageInput & { directory: ModuleDirectory; name: string; justActivated: boolean }): Promise<VNode> {
  const { t, directory } = input;
  // A representative sees only the blocks and tiles of the services in the mandate's scope (R17).
  const visible = directory.modules().filter((module) => inScope(input.context, module.scope));
  const parts = visible
    .flatMap((module) => (module.startPage ? [module.startPage] : []))
    .sort((a, b) => a.order - b.order);
  const [attention, blocks] = await Promise.all([
    Promise.all(parts.map((part) => part.attention?.(input) ?? null)),
    Promise.all(parts.map((part) => part.render(input))),
  ]);
  const needsAttention = attention.filter((block): block is VNode => block !== null);
  const tiles = visible
    .flatMap((module) => (module.nav ?? []).filter((item) => inScope(input.context, item.scope ?? module.scope)))
    .filter((item) => item.href !== '/')
    .sort((a, b) => a.order - b.order);
  return (
    <div class="bp-stack">
      <h1 class="utrecht-heading-1">{input.name ? t('home.welcome', { name: input.name }) : t('home.title')}</h1>
      {input.justActivated ? <p class="bp-notice bp-notice--ok utrecht-paragraph">{t('home.activated')}</p> : null}
      <section class="bp-stack bp-attention" aria-labelledby="aandacht" data-testid="attention">
        <h2 class="utrecht-heading-2" id="aandacht">
          {t('home.attention')}
        </h2>
        {needsAttention.length > 0 ? needsAttention : <p class="utrecht-paragraph">{t('home.attention.none')}</p>}
      </section>
      {blocks}
      <Tiles t={t} tiles={tiles} />
    </div>
  );
}

function Tiles(props: { t: Translate; tiles: { href: string; labelKey: string }[] }) {
  const { t } = props;
  return (
    <section class="bp-stack" aria-labelledby="onderdelen">
      <h2 class="utrecht-heading-2" id="onderdelen">
        {t('home.tiles')}
      </h2>
      <ul class="bp-cards">
        {props.tiles.map((tile) => (
          <li class="bp-card">
            <a class="utrecht-link" href={tile.href}>
              {t(tile.labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
