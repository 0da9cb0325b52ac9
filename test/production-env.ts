/**
 * Every setting production requires, with plausible and safe values (TLS to the database, mail
 * server and eID provider): tests delete or change one to show that exactly that setting is
 * refused. Returns a fresh copy each time.
 */
export function productionEnv(): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db/burgerportaal?sslmode=verify-full',
    KEYRING_FILE: '/etc/burgerportaal/keyring.json',
    OIDC_ISSUER: 'https://digid-broker.example',
    OIDC_CLIENT_SECRET: 'secret',
    SMTP_URL: 'smtps://mail.example:465',
    PUBLIC_URL: 'https://mijn.example',
    BRP_URL: 'https://brp.example',
    RDW_URL: 'https://rdw.example',
    WOZ_URL: 'https://woz.example',
    BENEFITS_URL: 'https://uitkeringen.example',
    API_TLS_CERT_FILE: '/etc/burgerportaal/api.pem',
    API_TLS_KEY_FILE: '/etc/burgerportaal/api.key',
    API_CLIENT_CA_FILE: '/etc/burgerportaal/pkioverheid-roots.pem',
    RECEIPT_SIGNING_KEY_FILE: '/etc/burgerportaal/receipt-key.json',
    ALLOWED_ENDPOINT_HOSTS: 'digid-broker.example,mail.example,brp.example,rdw.example,woz.example,uitkeringen.example',
    AUDIT_SIGNING_KEY_FILE: '/etc/burgerportaal/audit-key.json',
  };
  for (const prefix of ['BRP', 'RDW', 'WOZ', 'BENEFITS']) {
    env[`${prefix}_CLIENT_CERT_FILE`] = `/etc/burgerportaal/${prefix.toLowerCase()}-client.pem`;
    env[`${prefix}_CLIENT_KEY_FILE`] = `/etc/burgerportaal/${prefix.toLowerCase()}-client.key`;
  }
  return env;
}
