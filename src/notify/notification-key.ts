/** The parts that make one notification distinct from every other. */
export interface NotificationKeyParts {
  groupKey: string;
  receiver: string;
  firing: readonly string[];
  resolved: readonly string[];
  /** From the decision: 0 for a new state, n for its n-th repeat. */
  repeatIndex: number;
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Derives the notification log's unique key for one (group, receiver,
 * state): `ntf_` and the first 128 bits, in hex, of the SHA-256 of the group
 * key, the receiver, the sorted firing and resolved fingerprints and the
 * repeat index. A redelivered queue message carries the same key, so the log
 * can refuse to send it twice. The key also serves as the `webhook-id`, which
 * must stay the same across retries.
 */
export async function notificationKey(
  parts: NotificationKeyParts,
): Promise<string> {
  const canonical = JSON.stringify([
    parts.groupKey,
    parts.receiver,
    [...parts.firing].sort(),
    [...parts.resolved].sort(),
    parts.repeatIndex,
  ]);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(canonical),
  );
  return `ntf_${toHex(digest).slice(0, 32)}`;
}
