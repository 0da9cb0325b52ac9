import { MagazijnDemo } from './magazijn-demo.ts';

export { MagazijnDemo, type DemoDelivery, type MagazijnDemoMode } from './magazijn-demo.ts';

/** The demo store's organisation (a fictitious OIN) as development configures it. */
export const DEMO_MAILBOX = { id: 'waterschap-demo', name: 'Waterschap De Demo-Polder', oin: '00000009990000001000' } as const;

/** Starts the demo message store with a few messages for each given demo citizen. */
export async function startMagazijnDemo(input: { bsns: string[]; attachment: Buffer }): Promise<MagazijnDemo> {
  const demo = await MagazijnDemo.start({ oin: DEMO_MAILBOX.oin });
  for (const bsn of input.bsns) {
    demo.deliver({
      bsn,
      onderwerp: 'Aanslag watersysteemheffing 2026',
      inhoud: 'Geachte heer/mevrouw,\n\nHierbij ontvangt u de aanslag watersysteemheffing 2026. U vindt de aanslag in de bijlage.\n\nMet vriendelijke groet,\nWaterschap De Demo-Polder',
      publicatietijdstip: '2026-02-02T09:00:00Z',
      bijlagen: [{ naam: 'aanslag-2026.pdf', mimeType: 'application/pdf', bytes: input.attachment }],
    });
    demo.deliver({
      bsn,
      onderwerp: 'Werkzaamheden aan de dijk in uw buurt',
      inhoud: 'Van maart tot juni werken wij aan de dijk. De fietsroute is dan omgeleid.',
      publicatietijdstip: '2026-01-15T08:30:00Z',
    });
  }
  return demo;
}
