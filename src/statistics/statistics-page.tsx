import type { Language, Translate } from '../platform/i18n.ts';
import { formatDate } from '../platform/i18n.ts';

export interface PublishedFigure {
  day: string;
  metric: string;
  dimension: string;
  published: number | null;
}

/** The order figures are shown in; a metric a module adds later goes last. */
export const METRIC_ORDER = ['visits', 'logins', 'messages-delivered', 'messages-opened', 'notifications', 'cases'];
const ASSURANCE_LEVELS = new Set(['basis', 'midden', 'substantieel', 'hoog']);
const NAMED_DIMENSIONS = new Set(['total', 'all', 'open', 'closed', 'sent', 'bounced', 'failed', 'no-verified-address']);

/** Turns a dimension into a column heading: an organisation's name, an assurance level, an outcome. */
export function dimensionLabel(dimension: string, t: Translate, organisationNames: ReadonlyMap<string, string>): string {
  if (ASSURANCE_LEVELS.has(dimension)) return dimension.charAt(0).toUpperCase() + dimension.slice(1);
  const name = organisationNames.get(dimension);
  if (name) return name;
  if (NAMED_DIMENSIONS.has(dimension)) return t(`statistics.dimension.${dimension}`);
  return /^[0-9a-f-]{36}$/.test(dimension) ? t('statistics.dimension.unknownOrganisation') : dimension;
}

function sortMetrics(metrics: string[]): string[] {
  const rank = (metric: string) => (METRIC_ORDER.includes(metric) ? METRIC_ORDER.indexOf(metric) : METRIC_ORDER.length);
  return metrics.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One table per metric: a row per day, a column per dimension, the total last. Stacks on a phone. */
export function FigureTables(props: { figures: PublishedFigure[]; t: Translate; language: Language; organisationNames: ReadonlyMap<string, string> }) {
  const { figures, t, language, organisationNames } = props;
  if (figures.length === 0) return <p class="utrecht-paragraph" data-testid="statistics-none">{t('statistics.none')}</p>;
  const metrics = sortMetrics([...new Set(figures.map((figure) => figure.metric))]);
  return (
    <>
      {metrics.map((metric) => {
        const rows = figures.filter((figure) => figure.metric === metric);
        const dimensions = [...new Set(rows.map((row) => row.dimension))].sort((a, b) => (a === 'total' ? 1 : b === 'total' ? -1 : a.localeCompare(b)));
        const days = [...new Set(rows.map((row) => row.day))].sort().reverse();
        const heading = (dimension: string) => dimensionLabel(dimension, t, organisationNames);
        return (
          <section aria-labelledby={`metric-${metric}`}>
            <h2 class="utrecht-heading-2" id={`metric-${metric}`}>{t(`statistics.metric.${metric}`)}</h2>
            <table class="utrecht-table bp-table bp-table--stack" data-testid={`statistics-${metric}`}>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th scope="col" class="utrecht-table__header-cell">{t('statistics.day')}</th>
                  {dimensions.map((dimension) => (
                    <th scope="col" class={`utrecht-table__header-cell${dimension === 'total' ? ' bp-nowrap' : ''}`}>{heading(dimension)}</th>
                  ))}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {days.map((day) => (
                  <tr class="utrecht-table__row">
                    <th scope="row" class="utrecht-table__header-cell" data-label={t('statistics.day')}>{formatDate(new Date(`${day}T12:00:00Z`), language)}</th>
                    {dimensions.map((dimension) => {
                      const figure = rows.find((row) => row.day === day && row.dimension === dimension);
                      return (
                        <td class="utrecht-table__cell utrecht-table__cell--numeric" data-label={heading(dimension)} data-dimension={dimension}>
                          {figure?.published != null ? figure.published.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB') : <><span aria-hidden="true">–</span><span class="bp-visually-hidden">{t('statistics.suppressed')}</span></>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}

/** The figures as CSV (RFC 4180): day, metric, dimension, value; an empty value is suppressed. */
export function figuresCsv(figures: PublishedFigure[], organisationNames: ReadonlyMap<string, string>): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [['day', 'metric', 'dimension', 'organisation', 'value'].join(',')];
  for (const figure of figures) {
    lines.push([figure.day, figure.metric, figure.dimension, organisationNames.get(figure.dimension) ?? '', figure.published === null ? '' : String(figure.published)].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
