/** Names of the environment variables the rendered configs read secrets from (ECS fills them from Secrets Manager). */
export const SECRET_VARIABLES = {
  tlsCertificate: 'ENVOY_TLS_CERTIFICATE',
  tlsPrivateKey: 'ENVOY_TLS_PRIVATE_KEY',
  oauth2ClientSecret: 'ENVOY_OAUTH2_CLIENT_SECRET',
  oauth2HmacSecret: 'ENVOY_OAUTH2_HMAC_SECRET',
} as const;
