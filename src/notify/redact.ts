/** Characters of a secret kept visible at its end. */
export const VISIBLE_SUFFIX_CHARS = 4;

// Anything shorter would show too large a share of itself.
const MIN_SECRET_CHARS_TO_SHOW_SUFFIX = 16;

function suffixOf(secret: string): string {
  if (secret.length < MIN_SECRET_CHARS_TO_SHOW_SUFFIX) return "";
  return secret.slice(-VISIBLE_SUFFIX_CHARS);
}

/**
 * Redacts a webhook URL to its host and the last four characters, such as
 * `hooks.slack.com/…a1B2`. That is enough to tell receivers apart, and the
 * path, where services keep the credential, stays hidden.
 */
export function redactUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    // An unparsable URL has no trustworthy host; show nothing of it.
    return "…";
  }
  return `${host}/…${suffixOf(url)}`;
}

/** Redacts a signing secret to its `whsec_` prefix and last characters. */
export function redactSecret(secret: string): string {
  const prefix = secret.startsWith("whsec_") ? "whsec_" : "";
  return `${prefix}…${suffixOf(secret)}`;
}

/**
 * Removes every occurrence of the given secrets from free text, such as an
 * error message from `fetch` or a response body, and then any remaining
 * URL, which could be a redirect target carrying a token.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret !== "") scrubbed = scrubbed.split(secret).join("[redacted]");
  }
  return scrubbed.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, "[redacted URL]");
}
