import { DurableObject } from "cloudflare:workers";
import type { AlertEvent } from "../src/alerts/alert-event";
import { errorText, log } from "../src/log";
import type { LastNotification } from "../src/notify/decide";
import { scrubText } from "../src/notify/redact";
import type { GroupIdentity } from "../src/router/group-identity";
import { flushGroup } from "./alert-group/flush";
import {
  readAlerts,
  readLast,
  readMeta,
  SCHEMA_STATEMENTS,
  upsertAlert,
  writeMeta,
  type GroupMeta,
} from "./alert-group/storage";

/** First wait before a failed flush runs again; it doubles per failure. */
const FLUSH_RETRY_BASE_MS = 1_000;

/** One alert received by a group, with the instant it arrived. */
export interface GroupAlert {
  identity: GroupIdentity;
  event: AlertEvent;
  receivedAtMs: number;
}

/** A group's state, for tests and troubleshooting. */
export interface GroupState {
  meta: GroupMeta | null;
  alerts: { fingerprint: string; status: string; muted: string | null }[];
  last: LastNotification | null;
  alarmAtMs: number | null;
}

/**
 * One object per alert group (receiver and group key), which stores the group's
 * alerts and timers. Its alarm flushes the group after `group_wait`, then
 * every `group_interval` while the group has alerts, and deletes the group
 * once all of them have resolved and been notified.
 */
export class AlertGroup extends DurableObject<Env> {
  #sql: SqlStorage;
  #failuresToInject = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#createSchema();
  }

  #createSchema(): void {
    for (const statement of SCHEMA_STATEMENTS) this.#sql.exec(statement);
  }

  /** Adds or updates an alert; a new group arms its `group_wait` timer. */
  async receiveAlert(alert: GroupAlert): Promise<{ stored: boolean }> {
    const existing = readMeta(this.#sql);
    const meta: GroupMeta = existing
      ? { ...existing, identity: alert.identity }
      : {
          identity: alert.identity,
          createdAtMs: alert.receivedAtMs,
          lastFlushAtMs: null,
          dueAtMs: alert.receivedAtMs + alert.identity.timing.groupWaitMs,
          failedFlushes: 0,
        };
    writeMeta(this.#sql, meta);
    const stored = upsertAlert(this.#sql, alert.event);
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(meta.dueAtMs);
    }
    return { stored };
  }

  /**
   * Flushes the group. An alarm runs at or after the time it was set for,
   * so the flush is judged at that time; `runDurableObjectAlarm` in tests
   * runs it early, which moves the group's clock forward to it. A failed
   * flush is retried with backoff by the next alarm, so the timers go on.
   */
  async alarm(): Promise<void> {
    const meta = readMeta(this.#sql);
    if (!meta) return;
    const nowMs = Math.max(Date.now(), meta.dueAtMs);
    try {
      if (this.#failuresToInject > 0) {
        this.#failuresToInject -= 1;
        throw new Error("injected flush failure");
      }
      await this.#flush(meta, nowMs);
    } catch (error) {
      await this.#scheduleRetry(meta, error);
    }
  }

  async #flush(meta: GroupMeta, nowMs: number): Promise<void> {
    const result = await flushGroup(this.env, this.#sql, meta, nowMs);
    if (result.empty) {
      log.info("group:closed", {
        groupKey: meta.identity.groupKey,
        receiver: meta.identity.receiver,
      });
      // deleteAll frees the storage and drops the tables with it, so they
      // are created again for the next alert of the same group.
      await this.ctx.storage.deleteAll();
      this.#createSchema();
      return;
    }
    const pending =
      result.decision.reason === "group_wait_pending" ||
      result.decision.reason === "group_interval_pending";
    writeMeta(this.#sql, {
      ...meta,
      lastFlushAtMs: pending ? meta.lastFlushAtMs : nowMs,
      dueAtMs: result.decision.nextFlushAtMs,
      failedFlushes: 0,
    });
    await this.ctx.storage.setAlarm(result.decision.nextFlushAtMs);
  }

  async #scheduleRetry(meta: GroupMeta, error: unknown): Promise<void> {
    const failedFlushes = meta.failedFlushes + 1;
    const backoffMs = FLUSH_RETRY_BASE_MS * 2 ** (failedFlushes - 1);
    const delayMs = Math.min(backoffMs, meta.identity.timing.groupIntervalMs);
    // The due time stays, so the retried flush is judged when it was due.
    writeMeta(this.#sql, { ...meta, failedFlushes });
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
    log.error("group:flush_failed", {
      groupKey: meta.identity.groupKey,
      receiver: meta.identity.receiver,
      failedFlushes,
      retryInMs: delayMs,
      error: scrubText(errorText(error), []),
    });
  }

  /** Returns the group's state. */
  async getGroupState(): Promise<GroupState> {
    const alerts = readAlerts(this.#sql).map((a) => ({
      fingerprint: a.event.fingerprint,
      status: a.event.status,
      muted: a.muted,
    }));
    return {
      meta: readMeta(this.#sql),
      alerts,
      last: readLast(this.#sql),
      alarmAtMs: await this.ctx.storage.getAlarm(),
    };
  }

  /** Makes the next flushes fail; only when fault injection is allowed. */
  async injectFlushFailures(count: number): Promise<void> {
    if (this.env.ALLOW_FAULT_INJECTION !== "1") {
      throw new Error("fault injection is disabled; set ALLOW_FAULT_INJECTION");
    }
    this.#failuresToInject = count;
  }
}
