import { Type } from '@sinclair/typebox';
import type { ProviderClient } from '../provider-client.ts';
import type { VehiclesData } from '../register-data.ts';
import { IsoDate, validated } from './validate.ts';

// Our "Voertuigen op naam" contract (contracts/rdw-voertuigen.openapi.yaml).
const RdwResponse = Type.Object({
  voertuigen: Type.Array(
    Type.Object({
      kenteken: Type.String({ minLength: 1, maxLength: 10 }),
      merk: Type.String({ minLength: 1 }),
      handelsbenaming: Type.String(),
      datumTenaamstelling: IsoDate,
      vervaldatumApk: Type.Union([IsoDate, Type.Null()]),
    }),
    { maxItems: 500 },
  ),
});

/**
 * Asks the vehicle register which vehicles are registered in the citizen's name
 * (POST /voertuigen, BSN in the body). An empty list is a valid answer.
 */
export async function fetchVehicles(input: { client: ProviderClient; bsn: string; signal: AbortSignal }): Promise<VehiclesData> {
  const answer = await input.client.requestJson({
    method: 'POST',
    path: 'voertuigen',
    accept: 'application/json',
    body: { burgerservicenummer: input.bsn },
    signal: input.signal,
  });
  return {
    vehicles: validated(RdwResponse, answer).voertuigen.map((vehicle) => ({
      plate: vehicle.kenteken,
      brand: vehicle.merk,
      model: vehicle.handelsbenaming,
      registeredOn: vehicle.datumTenaamstelling,
      apkExpiresOn: vehicle.vervaldatumApk,
    })),
  };
}
