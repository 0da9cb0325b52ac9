import { Type, type Static } from '@sinclair/typebox';

// The parts of the FBS berichtenmagazijn answers (../shared/specs/fbs-berichtenmagazijn-api.yaml)
// the portal uses. Extra fields are allowed, as the contract may grow.

const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const DateTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' });
const Status = Type.Optional(Type.Object({ gelezen: Type.Boolean() }));

/** GET /berichten: BerichtenLijst with BerichtSamenvatting items. */
export const BerichtenLijst = Type.Object({
  berichten: Type.Array(
    Type.Object({
      berichtId: Uuid,
      afzender: Type.String(),
      onderwerp: Type.String(),
      publicatietijdstip: DateTime,
      aantalBijlagen: Type.Integer({ minimum: 0 }),
      status: Status,
    }),
  ),
  page: Type.Integer({ minimum: 0 }),
  totalPages: Type.Integer({ minimum: 0 }),
});

/** GET /berichten/{berichtId}: Bericht with BijlageMetadata items. */
export const Bericht = Type.Object({
  berichtId: Uuid,
  afzender: Type.String(),
  onderwerp: Type.String(),
  inhoud: Type.String(),
  publicatietijdstip: DateTime,
  bijlagen: Type.Array(Type.Object({ bijlageId: Uuid, naam: Type.String({ minLength: 1, maxLength: 255 }), mimeType: Type.String({ minLength: 1, maxLength: 127 }) })),
  status: Status,
});

export type BerichtenLijst = Static<typeof BerichtenLijst>;
export type Bericht = Static<typeof Bericht>;

/** A message id or attachment id as the contract defines it (UUID); anything else is never sent. */
export function isContractId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value);
}
