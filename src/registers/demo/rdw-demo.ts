import { DEMO_REGISTRATIONS } from './demo-data.ts';
import { problem, type DemoHandler } from './demo-server.ts';

/** The nine-digit BSN from a request body of our simple contracts, or null. */
function bsnOf(body: unknown): string | null {
  const value = (body as { burgerservicenummer?: unknown } | undefined)?.burgerservicenummer;
  return typeof value === 'string' && /^[0-9]{9}$/.test(value) ? value : null;
}

/** POST /voertuigen, our "Voertuigen op naam" contract (contracts/rdw-voertuigen.openapi.yaml). */
export const rdwDemoHandler: DemoHandler = (request, variant) => {
  if (request.method !== 'POST' || request.path !== '/voertuigen') return problem(404, 'Niet gevonden');
  const bsn = bsnOf(request.body);
  if (!bsn) return problem(400, 'burgerservicenummer ontbreekt of is ongeldig');
  if (variant === 'malformed') return { status: 200, body: { voertuigen: [{ kenteken: 12345, merk: null }] } };
  const vehicles = variant === 'empty' ? [] : (DEMO_REGISTRATIONS[bsn]?.vehicles ?? []);
  return {
    status: 200,
    body: {
      voertuigen: vehicles.map((vehicle) => ({
        kenteken: vehicle.plate,
        merk: vehicle.brand,
        handelsbenaming: vehicle.model,
        datumTenaamstelling: vehicle.registeredOn,
        vervaldatumApk: vehicle.apkExpiresOn,
      })),
    },
  };
};

export { bsnOf };
