import { AlertEventSchema, labelsOf, type AlertEvent } from "../alerts/alert-event";
import { errorText, log } from "../log";
import { recordAlertEvents } from "../registry/alerts";
import { loadRoutingInForce } from "../registry/routing-documents";
import { groupObjectName, type GroupIdentity } from "./group-identity";
import { groupsFor } from "./route-groups";

/** Delay before a batch is retried when D1 or routing is unavailable. */
const RETRY_DELAY_SECONDS = 5;

interface RoutedAlert {
  message: Message;
  event: AlertEvent;
  groups: GroupIdentity[];
}

function parseMessages(batch: MessageBatch): Omit<RoutedAlert, "groups">[] {
  const parsed: Omit<RoutedAlert, "groups">[] = [];
  for (const message of batch.messages) {
    const result = AlertEventSchema.safeParse(message.body);
    if (result.success) {
      parsed.push({ message, event: result.data });
      continue;
    }
    // A malformed event can never be routed; retrying only delays the
    // dead-letter queue, so it is logged with its failing paths and dropped.
    const paths = result.error.issues.map((i) => i.path.join(".") || "(event)");
    log.error("route:invalid_message", { messageId: message.id, paths: paths.slice(0, 10).join(", ") });
    message.ack();
  }
  return parsed;
}

async function sendToGroups(
  env: Env,
  alert: RoutedAlert,
  receivedAtMs: number,
): Promise<void> {
  await Promise.all(
    alert.groups.map(async (identity) => {
      const stub = env.ALERT_GROUP.getByName(groupObjectName(identity));
      await stub.receiveAlert({ identity, event: alert.event, receivedAtMs });
      log.debug("route:grouped", {
        fingerprint: alert.event.fingerprint,
        locationId: alert.event.location.id,
        receiver: identity.receiver,
        groupKey: identity.groupKey,
      });
    }),
  );
}

/**
 * Consumes the alerts queue: validates each event, stores it as the alert's
 * latest state, routes it with the document in force and hands it to each
 * group it joins. Redelivery is harmless: a stale event is dropped, and a
 * group that receives the same event again only stores it again.
 */
export async function consumeAlerts(
  batch: MessageBatch,
  env: Env,
): Promise<void> {
  const nowMs = Date.now();
  const parsed = parseMessages(batch);
  if (parsed.length === 0) return;
  let routed: RoutedAlert[];
  let stored: boolean[];
  let version: number;
  try {
    const loaded = await loadRoutingInForce(env);
    version = loaded.version;
    routed = parsed.map((p) => ({ ...p, groups: groupsFor(loaded.routing, labelsOf(p.event)) }));
    const writes = routed.map((r) => ({ event: r.event, receivers: [...new Set(r.groups.map((g) => g.receiver))] }));
    stored = await recordAlertEvents(env.DB, writes, nowMs);
  } catch (error) {
    log.error("route:batch_failed", { alerts: parsed.length, error: errorText(error), delaySeconds: RETRY_DELAY_SECONDS });
    for (const p of parsed) p.message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
    return;
  }
  const outcomes = await Promise.all(routed.map((alert, i) => routeOne(env, alert, stored[i], nowMs)));
  log.info("route:batch", {
    routingVersion: version,
    alerts: routed.length,
    grouped: outcomes.filter((o) => o === "grouped").length,
    stale: outcomes.filter((o) => o === "stale").length,
    failed: outcomes.filter((o) => o === "failed").length,
  });
}

async function routeOne(
  env: Env,
  alert: RoutedAlert,
  stored: boolean,
  nowMs: number,
): Promise<"grouped" | "stale" | "failed"> {
  if (!stored) {
    // A newer event of this alert, or its resolution, is already stored.
    log.debug("route:stale", { fingerprint: alert.event.fingerprint, updatedAt: alert.event.updatedAt });
    alert.message.ack();
    return "stale";
  }
  try {
    await sendToGroups(env, alert, nowMs);
    alert.message.ack();
    return "grouped";
  } catch (error) {
    log.warn("route:retry", {
      fingerprint: alert.event.fingerprint,
      attempt: alert.message.attempts,
      error: errorText(error),
    });
    alert.message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
    return "failed";
  }
}
