import type { Language, Translate } from '../platform/i18n.ts';

export interface HourFigures {
  hour: Date;
  announced: number;
  delivered: number;
  mails: number;
  overCapacity: boolean;
}

const hourFormat = new Map<Language, Intl.DateTimeFormat>();
/** "26 nov 14:00" in Amsterdam time. */
export function hourLabel(hour: Date, language: Language): string {
  let format = hourFormat.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });
    hourFormat.set(language, format);
  }
  return format.format(hour);
}

/**
 * Announced against delivered messages per hour, with the platform's capacity as a line: drawn
 * on the server as SVG (no client JavaScript). The same figures are in the table below it.
 */
export function CapacityChart(props: { hours: HourFigures[]; capacityPerHour: number; t: Translate; language: Language }) {
  const { hours, capacityPerHour, t, language } = props;
  const width = 960;
  const height = 300;
  // Room for the capacity's figure (e.g. 24,840,000) left of the axis.
  const left = 110;
  const bottom = 40;
  const plotHeight = height - bottom - 10;
  const max = Math.max(capacityPerHour, ...hours.map((hour) => Math.max(hour.announced, hour.delivered))) * 1.1 || 1;
  const slot = (width - left - 10) / Math.max(1, hours.length);
  const y = (value: number) => 10 + plotHeight - (value / max) * plotHeight;
  const number = (value: number) => value.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB');
  return (
    <svg class="bp-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="capacity-chart-title capacity-chart-desc" data-testid="capacity-chart">
      <title id="capacity-chart-title">{t('capacity.chart.title')}</title>
      <desc id="capacity-chart-desc">{t('capacity.chart.desc', { capacity: number(capacityPerHour) })}</desc>
      <line x1={left} y1={10 + plotHeight} x2={width - 10} y2={10 + plotHeight} class="bp-chart__axis" />
      <text x={left - 6} y={y(0)} class="bp-chart__label" text-anchor="end">0</text>
      <text x={left - 6} y={y(capacityPerHour) + 4} class="bp-chart__label" text-anchor="end">{number(capacityPerHour)}</text>
      {hours.map((hour, index) => {
        const x = left + index * slot;
        const barWidth = Math.max(1, slot / 2 - 1);
        return (
          <g>
            <rect x={x} y={y(hour.announced)} width={barWidth} height={Math.max(0, y(0) - y(hour.announced))} class={hour.overCapacity ? 'bp-chart__announced bp-chart__announced--over' : 'bp-chart__announced'} />
            <rect x={x + barWidth} y={y(hour.delivered)} width={barWidth} height={Math.max(0, y(0) - y(hour.delivered))} class="bp-chart__delivered" />
            {index % 6 === 0 ? (
              <text x={x} y={height - 12} class="bp-chart__label">{hourLabel(hour.hour, language)}</text>
            ) : null}
          </g>
        );
      })}
      <line x1={left} y1={y(capacityPerHour)} x2={width - 10} y2={y(capacityPerHour)} class="bp-chart__capacity" stroke-dasharray="8 4" />
    </svg>
  );
}

/** The chart's figures as a table, the hours with any activity; a warning marks hours over capacity. */
export function CapacityTable(props: { hours: HourFigures[]; t: Translate; language: Language }) {
  const { hours, t, language } = props;
  const active = hours.filter((hour) => hour.announced > 0 || hour.delivered > 0 || hour.mails > 0);
  if (active.length === 0) return <p class="utrecht-paragraph" data-testid="capacity-empty">{t('capacity.table.empty')}</p>;
  const number = (value: number) => value.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB');
  const columns = [t('capacity.table.announced'), t('capacity.table.delivered'), t('capacity.table.mails')];
  return (
    <table class="utrecht-table bp-table bp-table--stack" data-testid="capacity-table">
      <caption>{t('capacity.table.caption')}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">{t('capacity.table.hour')}</th>
          {columns.map((column) => (
            <th scope="col" class="utrecht-table__header-cell bp-nowrap">{column}</th>
          ))}
          <th scope="col" class="utrecht-table__header-cell">{t('capacity.table.status')}</th>
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {active.map((hour) => (
          <tr class="utrecht-table__row" data-over-capacity={hour.overCapacity ? 'true' : 'false'}>
            <th scope="row" class="utrecht-table__header-cell" data-label={t('capacity.table.hour')}>{hourLabel(hour.hour, language)}</th>
            <td class="utrecht-table__cell" data-label={columns[0]}>{number(hour.announced)}</td>
            <td class="utrecht-table__cell" data-label={columns[1]}>{number(hour.delivered)}</td>
            <td class="utrecht-table__cell" data-label={columns[2]}>{number(hour.mails)}</td>
            <td class="utrecht-table__cell" data-label={t('capacity.table.status')}>{hour.overCapacity ? <strong>{t('capacity.table.over')}</strong> : t('capacity.table.ok')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
