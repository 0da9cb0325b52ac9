import { DEMO_REGISTRATIONS } from './demo-data.ts';
import { problem, type DemoHandler } from './demo-server.ts';
import { bsnOf } from './rdw-demo.ts';

/** POST /uitkeringen, our "Uitkeringen" contract (contracts/uitkeringen.openapi.yaml). */
export const benefitsDemoHandler: DemoHandler = (request, variant) => {
  if (request.method !== 'POST' || request.path !== '/uitkeringen') return problem(404, 'Niet gevonden');
  const bsn = bsnOf(request.body);
  if (!bsn) return problem(400, 'burgerservicenummer ontbreekt of is ongeldig');
  if (variant === 'malformed') return { status: 200, body: { uitkeringen: [{ soort: 'AOW', naam: 'AOW-pensioen', ingangsdatum: 'gisteren' }] } };
  const benefits = variant === 'empty' ? [] : (DEMO_REGISTRATIONS[bsn]?.benefits ?? []);
  return {
    status: 200,
    body: {
      uitkeringen: benefits.map((benefit) => ({
        soort: benefit.code,
        naam: benefit.name,
        verstrekker: benefit.provider,
        ingangsdatum: benefit.since,
        einddatum: benefit.until,
      })),
    },
  };
};
