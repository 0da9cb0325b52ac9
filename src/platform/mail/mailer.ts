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
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  // A pool of connections: one SMTP handshake per connection, not per mail.
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 8, maxMessages: Infinity });
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
