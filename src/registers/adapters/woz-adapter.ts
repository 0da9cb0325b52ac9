import { Type, type Static } from '@sinclair/typebox';
import type { ProviderClient } from '../provider-client.ts';
import type { WozData } from '../register-data.ts';
import type { HomeAddress } from './brp-adapter.ts';
import { IsoDate, validated } from './validate.ts';

// The parts of Haal Centraal "WOZ bevragen" 1.x (GET /wozobjecten, WozObjectHalCollectie) the
// portal uses; contracts/woz-bevragen.openapi.yaml describes exactly this subset.
const Aanduiding = Type.Object({
  adresregel1: Type.Optional(Type.String()),
  adresregel2: Type.Optional(Type.String()),
  straat: Type.Optional(Type.String()),
  huisnummer: Type.Optional(Type.Integer()),
  huisletter: Type.Optional(Type.String()),
  huisnummertoevoeging: Type.Optional(Type.String()),
  postcode: Type.Optional(Type.String()),
  woonplaats: Type.Optional(Type.String()),
});

const WozResponse = Type.Object({
  _embedded: Type.Optional(
    Type.Object({
      wozobjecten: Type.Array(
        Type.Object({
          identificatie: Type.String(),
          aanduiding: Type.Optional(Aanduiding),
          verantwoordelijkeGemeente: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), omschrijving: Type.Optional(Type.String()) })),
          waarden: Type.Optional(Type.Array(Type.Object({ vastgesteldeWaarde: Type.Integer({ minimum: 0 }), waardepeildatum: IsoDate }))),
        }),
        { maxItems: 50 },
      ),
    }),
  ),
});

/**
 * Asks the WOZ register for the value of the citizen's home, found by its address (the contract
 * has no search by BSN; the address comes from the BRP). Only the most recent value per object
 * is kept. An empty collection is a valid answer.
 */
export async function fetchWoz(input: { client: ProviderClient; home: HomeAddress; signal: AbortSignal }): Promise<WozData> {
  const { home } = input;
  const query = new URLSearchParams();
  if (home.nummeraanduidingIdentificatie) {
    query.set('nummeraanduidingIdentificatie', home.nummeraanduidingIdentificatie);
  } else {
    query.set('postcode', home.postcode);
    query.set('huisnummer', String(home.huisnummer));
    if (home.huisletter) query.set('huisletter', home.huisletter);
    if (home.huisnummertoevoeging) query.set('huisnummertoevoeging', home.huisnummertoevoeging);
  }
  const answer = await input.client.requestJson({ method: 'GET', path: `wozobjecten?${query}`, accept: 'application/hal+json', signal: input.signal });
  const objects = validated(WozResponse, answer)._embedded?.wozobjecten ?? [];
  return {
    objects: objects.flatMap((object) => {
      const latest = [...(object.waarden ?? [])].sort((a, b) => b.waardepeildatum.localeCompare(a.waardepeildatum))[0];
      if (!latest) return [];
      return [
        {
          address: addressOf(object.aanduiding),
          value: latest.vastgesteldeWaarde,
          referenceDate: latest.waardepeildatum,
          municipality: object.verantwoordelijkeGemeente?.omschrijving ?? '',
        },
      ];
    }),
  };
}

function addressOf(aanduiding: Static<typeof Aanduiding> | undefined): string {
  if (!aanduiding) return '';
  if (aanduiding.adresregel1) return [aanduiding.adresregel1, aanduiding.adresregel2].filter(Boolean).join(', ');
  const number = `${aanduiding.huisnummer ?? ''}${aanduiding.huisletter ?? ''}${aanduiding.huisnummertoevoeging ? `-${aanduiding.huisnummertoevoeging}` : ''}`;
  return [`${aanduiding.straat ?? ''} ${number}`.trim(), `${aanduiding.postcode ?? ''} ${aanduiding.woonplaats ?? ''}`.trim()].filter(Boolean).join(', ');
}
