import { Type } from '@sinclair/typebox';
import { IsoDate } from './validate.ts';

// The parts of Haal Centraal "BRP Personen bevragen" 2.x (RaadpleegMetBurgerservicenummerResponse)
// the portal shows. Other properties are allowed and ignored, as the contract may grow.
const Waardetabel = Type.Object({ code: Type.Optional(Type.String()), omschrijving: Type.Optional(Type.String()) });

export const BrpDatum = Type.Union([
  Type.Object({ type: Type.Literal('Datum'), datum: IsoDate, langFormaat: Type.String() }),
  Type.Object({ type: Type.Literal('JaarMaandDatum'), jaar: Type.Optional(Type.Integer()), maand: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })), langFormaat: Type.String() }),
  Type.Object({ type: Type.Literal('JaarDatum'), jaar: Type.Optional(Type.Integer()), langFormaat: Type.String() }),
  Type.Object({ type: Type.Literal('DatumOnbekend'), langFormaat: Type.String() }),
]);

const Naam = Type.Object({
  voornamen: Type.Optional(Type.String()),
  voorvoegsel: Type.Optional(Type.String()),
  geslachtsnaam: Type.Optional(Type.String()),
  volledigeNaam: Type.Optional(Type.String()),
});

const Geboorte = Type.Object({ datum: Type.Optional(BrpDatum), plaats: Type.Optional(Waardetabel), land: Type.Optional(Waardetabel) });

const Verblijfadres = Type.Object({
  officieleStraatnaam: Type.Optional(Type.String()),
  korteStraatnaam: Type.Optional(Type.String()),
  huisnummer: Type.Optional(Type.Integer({ minimum: 1, maximum: 99999 })),
  huisletter: Type.Optional(Type.String()),
  huisnummertoevoeging: Type.Optional(Type.String()),
  postcode: Type.Optional(Type.String()),
  woonplaats: Type.Optional(Type.String()),
  regel1: Type.Optional(Type.String()),
  regel2: Type.Optional(Type.String()),
  regel3: Type.Optional(Type.String()),
  land: Type.Optional(Waardetabel),
  locatiebeschrijving: Type.Optional(Type.String()),
});

export const BrpVerblijfplaats = Type.Object({
  type: Type.String(),
  verblijfadres: Type.Optional(Verblijfadres),
  nummeraanduidingIdentificatie: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
});

const Partner = Type.Object({
  naam: Type.Optional(Naam),
  geboorte: Type.Optional(Geboorte),
  soortVerbintenis: Type.Optional(Waardetabel),
  aangaanHuwelijkPartnerschap: Type.Optional(Type.Object({ datum: Type.Optional(BrpDatum) })),
  ontbindingHuwelijkPartnerschap: Type.Optional(Type.Object({ datum: Type.Optional(BrpDatum) })),
});

const Kind = Type.Object({ naam: Type.Optional(Naam), geboorte: Type.Optional(Geboorte) });

export const BrpPersoon = Type.Object({
  burgerservicenummer: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
  naam: Type.Optional(Naam),
  geboorte: Type.Optional(Geboorte),
  nationaliteiten: Type.Optional(Type.Array(Type.Object({ type: Type.String(), nationaliteit: Type.Optional(Waardetabel) }))),
  verblijfplaats: Type.Optional(BrpVerblijfplaats),
  gemeenteVanInschrijving: Type.Optional(Waardetabel),
  partners: Type.Optional(Type.Array(Partner)),
  kinderen: Type.Optional(Type.Array(Kind)),
  overlijden: Type.Optional(Type.Object({ datum: Type.Optional(BrpDatum) })),
  opschortingBijhouding: Type.Optional(Type.Object({ reden: Type.Optional(Waardetabel), datum: Type.Optional(BrpDatum) })),
});

export const BrpResponse = Type.Object({
  type: Type.Literal('RaadpleegMetBurgerservicenummer'),
  personen: Type.Optional(Type.Array(BrpPersoon, { maxItems: 20 })),
});
