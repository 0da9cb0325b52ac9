import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** Sends mail over SMTP (nodemailer); errors surface to the caller, which records them. */
export function createMailer(options: { smtpUrl: string; from: string; poolSize?: number }): Mailer {
  // A pool of connections: one SMTP handshake per connection, not per mail.
  // Timeouts well under the notification worker's 2-minute lease, so a stalled server fails the
  // attempt (and it is retried) instead of outliving the lease and being sent twice.
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.poolSize ?? 16,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
