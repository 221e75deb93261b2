// The settings of one REST server, named after PostgREST's configuration.
export type RestConfig = {
  // db-uri: a connection as the authenticator role
  dbUri: string;
  // db-schemas: the exposed schemas; the first is the default
  schemas: string[];
  // db-anon-role: the role of requests without a token (none: 401)
  anonRole: string | null;
  // jwt-secret (HS256) and jwt-aud
  jwtSecret?: string;
  jwtAudience?: string;
  // jwt-role-claim-key, as a path like ".role" or ".app_metadata.role"
  roleClaimKey?: string;
  // db-pre-request: a function called before each request, "schema.name"
  preRequest?: string;
  // db-max-rows: an upper bound on the rows a read returns
  maxRows?: number;
  // db-aggregates-enabled
  aggregatesEnabled?: boolean;
  // db-extra-search-path
  extraSearchPath?: string[];
  // db-tx-end: whether Prefer tx=rollback is honoured
  txAllowOverride?: boolean;
  // db-pool size
  poolSize?: number;
  // URL prefix the server is mounted under, such as "/rest/v1"
  prefix?: string;
  // the server's public address, for the OpenAPI host and base path
  openApiServerProxyUri?: string;
  // db-channel: the NOTIFY channel that reloads the schema cache
  channel?: string;
};
