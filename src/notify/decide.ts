import type { RouteTiming } from "../routing/route-tree";

/** Reason a notification is sent. */
export type SendReason =
  | "first_notification"
  | "group_changed"
  | "repeat_interval_elapsed"
  | "resolved";

/** Reason a flush sends nothing. */
export type HoldReason =
  | "group_wait_pending"
  | "group_interval_pending"
  | "silenced"
  | "inhibited"
  | "muted"
  | "nothing_firing"
  | "send_resolved_disabled"
  | "already_sent";

export type NotifyReason = SendReason | HoldReason;

/** One alert of the group muted at this flush, and the cause. */
export interface MutedAlert {
  fingerprint: string;
  reason: "silenced" | "inhibited";
}

/** The notification log entry of the last notification sent. */
export interface LastNotification {
  sentAtMs: number;
  firing: readonly string[];
  resolved: readonly string[];
  /** 0 for a changed state, n for the n-th repeat of the same state. */
  repeatIndex: number;
}

/** A group as its stateful owner sees it at a flush. */
export interface GroupSnapshot {
  /** When the group's first alert arrived. */
  createdAtMs: number;
  /** When the group was last flushed, whatever the outcome; null if never. */
  lastFlushAtMs: number | null;
  /** Fingerprints firing now and not muted. */
  firing: readonly string[];
  /** Fingerprints that resolved and were not yet notified as resolved. */
  resolved: readonly string[];
  /** Firing alerts left out of `firing` by a silence or an inhibition. */
  muted: readonly MutedAlert[];
  last: LastNotification | null;
  sendResolved: boolean;
}

export type NotificationDecision =
  | {
      send: true;
      reason: SendReason;
      repeatIndex: number;
      nextFlushAtMs: number;
    }
  | { send: false; reason: HoldReason; nextFlushAtMs: number };

/**
 * Returns when a group is due to be flushed next: `group_wait` after it was
 * created, then every `group_interval` after the previous flush.
 */
export function nextFlushAtMs(
  group: Pick<GroupSnapshot, "createdAtMs" | "lastFlushAtMs">,
  timing: RouteTiming,
): number {
  if (group.lastFlushAtMs === null) {
    return group.createdAtMs + timing.groupWaitMs;
  }
  return group.lastFlushAtMs + timing.groupIntervalMs;
}

function isSubset(items: readonly string[], of: readonly string[]): boolean {
  const set = new Set(of);
  return items.every((item) => set.has(item));
}

function muteReason(muted: readonly MutedAlert[]): HoldReason {
  if (muted.length === 0) return "nothing_firing";
  if (muted.every((m) => m.reason === "silenced")) return "silenced";
  if (muted.every((m) => m.reason === "inhibited")) return "inhibited";
  return "muted";
}

type Outcome =
  | { send: true; reason: SendReason }
  | { send: false; reason: HoldReason };

function hold(reason: HoldReason): Outcome {
  return { send: false, reason };
}

function outcomeWithoutFiring(
  group: GroupSnapshot,
  last: LastNotification,
): Outcome {
  // Muted alerts are still firing, so a muted group has not resolved.
  if (group.muted.length > 0) return hold(muteReason(group.muted));
  // Alerts that fired and resolved between two flushes were never sent,
  // so only a group whose last message listed firing alerts needs one.
  if (last.firing.length === 0) return hold("nothing_firing");
  if (!group.sendResolved) return hold("send_resolved_disabled");
  return { send: true, reason: "resolved" };
}

function outcomeAfterFirst(
  group: GroupSnapshot,
  last: LastNotification,
  nowMs: number,
  timing: RouteTiming,
): Outcome {
  if (!isSubset(group.firing, last.firing)) {
    return { send: true, reason: "group_changed" };
  }
  if (group.firing.length === 0) return outcomeWithoutFiring(group, last);
  if (group.sendResolved && !isSubset(group.resolved, last.resolved)) {
    return { send: true, reason: "group_changed" };
  }
  if (nowMs - last.sentAtMs >= timing.repeatIntervalMs) {
    return { send: true, reason: "repeat_interval_elapsed" };
  }
  return hold("already_sent");
}

function outcomeOf(
  group: GroupSnapshot,
  nowMs: number,
  timing: RouteTiming,
): Outcome {
  if (group.last !== null) {
    return outcomeAfterFirst(group, group.last, nowMs, timing);
  }
  if (group.firing.length > 0) {
    return { send: true, reason: "first_notification" };
  }
  return hold(muteReason(group.muted));
}

/**
 * Decides, at a flush, whether a group's receiver gets a notification and
 * why, following Alertmanager's dedup rules. A new firing alert sends, all
 * alerts resolving sends a resolved message, and an unchanged group is sent
 * again only once `repeat_interval` has passed. Before the group is due the
 * decision is to wait until `nextFlushAtMs`, which the owner schedules.
 */
export function decideNotification(
  group: GroupSnapshot,
  nowMs: number,
  timing: RouteTiming,
): NotificationDecision {
  const dueAtMs = nextFlushAtMs(group, timing);
  if (nowMs < dueAtMs) {
    const reason =
      group.lastFlushAtMs === null
        ? "group_wait_pending"
        : "group_interval_pending";
    return { send: false, reason, nextFlushAtMs: dueAtMs };
  }
  const followingFlushAtMs = nowMs + timing.groupIntervalMs;
  const outcome = outcomeOf(group, nowMs, timing);
  if (!outcome.send) return { ...outcome, nextFlushAtMs: followingFlushAtMs };

  const repeatIndex =
    outcome.reason === "repeat_interval_elapsed"
      ? (group.last?.repeatIndex ?? 0) + 1
      : 0;
  return { ...outcome, repeatIndex, nextFlushAtMs: followingFlushAtMs };
}
