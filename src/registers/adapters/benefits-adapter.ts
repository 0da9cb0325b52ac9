import { Type } from '@sinclair/typebox';
import type { ProviderClient } from '../provider-client.ts';
import type { BenefitsData } from '../register-data.ts';
import { IsoDate, validated } from './validate.ts';

// Our "Uitkeringen" contract (contracts/uitkeringen.openapi.yaml).
const BenefitsResponse = Type.Object({
  uitkeringen: Type.Array(
    Type.Object({
      soort: Type.String({ minLength: 1 }),
      naam: Type.String({ minLength: 1 }),
      verstrekker: Type.String({ minLength: 1 }),
      ingangsdatum: IsoDate,
      einddatum: Type.Union([IsoDate, Type.Null()]),
    }),
    { maxItems: 100 },
  ),
});

/**
 * Asks the benefits provider which benefits the citizen receives or received
 * (POST /uitkeringen, BSN in the body). An empty list is a valid answer.
 */
export async function fetchBenefits(input: { client: ProviderClient; bsn: string; signal: AbortSignal }): Promise<BenefitsData> {
  const answer = await input.client.requestJson({
    method: 'POST',
    path: 'uitkeringen',
    accept: 'application/json',
    body: { burgerservicenummer: input.bsn },
    signal: input.signal,
  });
  return {
    benefits: validated(BenefitsResponse, answer).uitkeringen.map((benefit) => ({
      name: benefit.naam,
      provider: benefit.verstrekker,
      since: benefit.ingangsdatum,
      until: benefit.einddatum,
    })),
  };
}
