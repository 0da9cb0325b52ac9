import type { FastifyInstance } from 'fastify';
import type { MailCatcher } from './mail-catcher.ts';

const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

/** `/dev/mail`: what the local mail catcher received, newest first. Never served in production. */
export function devMailRoutes(app: FastifyInstance, deps: { catcher: MailCatcher }): void {
  app.get('/dev/mail', { config: { representation: 'anyone' } }, async (request, reply) => {
    const mails = [...deps.catcher.mails].reverse();
    const title = request.language === 'en' ? 'Caught mail (development)' : 'Opgevangen e-mail (ontwikkeling)';
    return reply.page({
      title,
      body: (
        <div class="bp-stack">
          <h1 class="utrecht-heading-1">{title}</h1>
          {mails.length === 0 ? (
            <p class="utrecht-paragraph">{request.language === 'en' ? 'No mail yet.' : 'Nog geen e-mail ontvangen.'}</p>
          ) : (
            <ol class="bp-stack" reversed>
              {mails.map((mail) => (
                <li class="bp-card" data-testid="caught-mail">
                  <h2 class="utrecht-heading-3">{mail.subject}</h2>
                  <p class="utrecht-paragraph">
                    {request.language === 'en' ? 'To' : 'Aan'}: {mail.to.join(', ')} — {mail.receivedAt.toISOString()}
                  </p>
                  <pre class="bp-mail">
                    {mail.text.split(URL_PATTERN).map((part) =>
                      /^https?:\/\//.test(part) ? (
                        <a class="utrecht-link" href={part}>
                          {part}
                        </a>
                      ) : (
                        part
                      ),
                    )}
                  </pre>
                </li>
              ))}
            </ol>
          )}
        </div>
      ),
    });
  });
}
