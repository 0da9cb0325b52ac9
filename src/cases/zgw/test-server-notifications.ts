import { randomUUID } from 'node:crypto';
import type { Notificatie } from './zgw-types.ts';

interface AbonnementRecord {
  uuid: string;
  callbackUrl: string;
  auth: string;
  kanalen: { naam: string; filters?: Record<string, string> }[];
}

/**
 * The Notificaties API part of the test server: abonnementen and delivery of each published
 * notification, unchanged, to every abonnement on its kanaal whose filters match, with the
 * abonnement's auth header (as Open Notificaties does). Deliveries run after the publishing
 * request has answered; settled() waits for them.
 */
export class TestNotificaties {
  readonly abonnementen = new Map<string, AbonnementRecord>();
  readonly deliveries: { callbackUrl: string; status: number; notificatie: Notificatie }[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(readonly url: string) {}

  json(record: AbonnementRecord) {
    // auth is write-only in the spec.
    return { url: `${this.url}/abonnement/${record.uuid}`, callbackUrl: record.callbackUrl, kanalen: record.kanalen, sendCloudevents: false, cloudeventFilters: [] };
  }

  /** Open Notificaties checks a callback when an abonnement is saved: it must answer 2xx to a test message. */
  async save(input: { uuid?: string; callbackUrl: string; auth: string; kanalen: AbonnementRecord['kanalen'] }): Promise<AbonnementRecord | null> {
    const probe: Notificatie = { kanaal: 'test', hoofdObject: 'http://some.hoofdobject.nl/', resource: 'some_resource', resourceUrl: 'http://some.resource.nl/', actie: 'create', aanmaakdatum: new Date().toISOString(), kenmerken: {} };
    const status = await this.post(input.callbackUrl, input.auth, probe).catch(() => 0);
    if (status < 200 || status >= 300) return null;
    const record = { uuid: input.uuid ?? randomUUID(), callbackUrl: input.callbackUrl, auth: input.auth, kanalen: input.kanalen };
    this.abonnementen.set(record.uuid, record);
    return record;
  }

  /** Routes a notification to every matching abonnement. */
  publish(notificatie: Notificatie): void {
    for (const abonnement of this.abonnementen.values()) {
      const matches = abonnement.kanalen.some(
        (kanaal) => kanaal.naam === notificatie.kanaal && Object.entries(kanaal.filters ?? {}).every(([key, value]) => value === '*' || notificatie.kenmerken?.[key] === value),
      );
      if (!matches) continue;
      const delivery = this.post(abonnement.callbackUrl, abonnement.auth, notificatie)
        .catch(() => 0)
        .then((status) => {
          this.deliveries.push({ callbackUrl: abonnement.callbackUrl, status, notificatie });
        });
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  /** Resolves when every delivery published so far has been answered. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async post(callbackUrl: string, auth: string, body: Notificatie): Promise<number> {
    const response = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.status;
  }
}
