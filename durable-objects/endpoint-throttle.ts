import { DurableObject } from "cloudflare:workers";
import type {
  DeferCause,
  ThrottledDelivery,
  ThrottledRequest,
} from "../src/delivery/throttled-delivery";
import { deliver } from "../src/notify/channels/registry";
import {
  afterResponse,
  claimSlot,
  replanReservations,
  waitBeforeSendMs,
  type ThrottleState,
} from "../src/notify/throttle";
import {
  deleteReservation,
  isDelivered,
  listReservations,
  readReservation,
  readState,
  recordDelivered,
  SCHEMA_STATEMENTS,
  writeReservation,
  writeState,
} from "./endpoint-throttle/storage";

/**
 * One object per webhook endpoint, named by a hash of its URL. It paces the
 * requests to the endpoint, keeps every request back while a `Retry-After`
 * from the endpoint runs, and drops a notification it has already
 * delivered. Paced endpoints are sent to one request at a time.
 */
export class EndpointThrottle extends DurableObject<Env> {
  #sql: SqlStorage;
  #state: ThrottleState;
  #inFlight = new Set<string>();
  #tail: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    for (const statement of SCHEMA_STATEMENTS) this.#sql.exec(statement);
    this.#state = readState(this.#sql);
  }

  /** Sends one notification when the endpoint's pace allows, or defers it. */
  async deliverNotification(
    request: ThrottledRequest,
  ): Promise<ThrottledDelivery> {
    const id = request.notificationId;
    if (isDelivered(this.#sql, id)) return { kind: "duplicate" };
    const nowMs = Date.now();
    if (this.#inFlight.has(id)) {
      // A redelivered copy of a message whose send is still running.
      return this.#deferred(nowMs + request.timeoutMs, "in_flight");
    }
    const slotAtMs = this.#claim(request, nowMs);
    if (slotAtMs - nowMs > request.limits.maxHoldMs) {
      writeReservation(this.#sql, id, slotAtMs);
      const blocked = this.#state.blockedUntilMs > nowMs;
      return this.#deferred(slotAtMs, blocked ? "blocked" : "paced");
    }
    deleteReservation(this.#sql, id);
    if (slotAtMs > nowMs) await scheduler.wait(slotAtMs - nowMs);
    if (request.limits.minIntervalMs === 0) return this.#send(request);
    return this.#exclusive(() => this.#send(request));
  }

  #claim(request: ThrottledRequest, nowMs: number): number {
    const reserved = readReservation(this.#sql, request.notificationId);
    const claim = claimSlot(this.#state, nowMs, request.limits, reserved);
    this.#setState(claim.state);
    return claim.slotAtMs;
  }

  #deferred(retryAtMs: number, cause: DeferCause): ThrottledDelivery {
    return { kind: "deferred", retryAtMs, cause };
  }

  // Runs sends one after another, so pacing measures from the last request.
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task, task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #send(request: ThrottledRequest): Promise<ThrottledDelivery> {
    const id = request.notificationId;
    if (isDelivered(this.#sql, id)) return { kind: "duplicate" };
    const waitMs = waitBeforeSendMs(this.#state, Date.now(), request.limits);
    if (waitMs > request.limits.maxHoldMs) {
      // A 429 arrived while this request waited for its slot.
      const nowMs = Date.now();
      const slotAtMs = this.#claim(request, nowMs);
      writeReservation(this.#sql, id, slotAtMs);
      return this.#deferred(slotAtMs, "blocked");
    }
    if (waitMs > 0) await scheduler.wait(waitMs);
    return this.#attempt(request);
  }

  async #attempt(request: ThrottledRequest): Promise<ThrottledDelivery> {
    const id = request.notificationId;
    this.#inFlight.add(id);
    const attemptedAtMs = Date.now();
    try {
      const result = await deliver(request.config, request.payload, {
        timeoutMs: request.timeoutMs,
        nowMs: attemptedAtMs,
        notificationId: id,
      });
      const before = this.#state.blockedUntilMs;
      this.#setState(afterResponse(this.#state, Date.now(), result));
      if (result.ok) recordDelivered(this.#sql, id, Date.now());
      if (this.#state.blockedUntilMs > before) this.#replan(request);
      return { kind: "attempted", result, attemptedAtMs };
    } finally {
      this.#inFlight.delete(id);
    }
  }

  #replan(request: ThrottledRequest): void {
    const reservations = listReservations(this.#sql, Date.now());
    const plan = replanReservations(
      reservations,
      this.#state,
      request.limits,
    );
    for (const r of plan.reservations) {
      writeReservation(this.#sql, r.notificationId, r.slotAtMs);
    }
    this.#setState(plan.state);
  }

  #setState(state: ThrottleState): void {
    this.#state = state;
    writeState(this.#sql, state);
  }
}
