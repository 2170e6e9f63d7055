// Secrets are not in wrangler.toml, so `wrangler types` does not list them.
// Set them with `wrangler secret put NAME`; locally they come from .dev.vars.
interface __BaseEnv_Env {
  /** Bearer token for configuration endpoints. */
  ADMIN_TOKEN: string;
  /** Base64 key (32 bytes) that encrypts receiver URLs and signs page links. */
  SECRETS_KEY: string;
}

interface __BaseEnv_Env {
  /** "1" lets training messages carry injected faults; tests only. */
  ALLOW_FAULT_INJECTION?: string;
}
