/**
 * Pacing of the requests to one webhook endpoint. The state is owned by one
 * stateful object per endpoint; these functions only compute with it.
 */

/** Block applied after a 429 that names no `Retry-After`, in ms. */
export const DEFAULT_BLOCK_MS = 1_000;

/** When the endpoint may next be sent to, all instants in epoch ms. */
export interface ThrottleState {
  /** Nothing is sent before this: the end of the last `Retry-After`. */
  blockedUntilMs: number;
  /** The first slot no request has claimed yet. */
  nextFreeAtMs: number;
  /**
   * When the response to the last request arrived; null before the first.
   * Pacing and blocks count from it, which is later than the receiver got
   * the request, so no request reaches the receiver early.
   */
  lastResponseAtMs: number | null;
}

export const INITIAL_THROTTLE_STATE: ThrottleState = {
  blockedUntilMs: 0,
  nextFreeAtMs: 0,
  lastResponseAtMs: null,
};

/** The pace an endpoint is sent to. */
export interface ThrottleLimits {
  /** Minimum time between two requests to the endpoint; 0 for no pacing. */
  minIntervalMs: number;
  /**
   * Maximum wait spent holding a request before sending it. A request with
   * a longer wait is handed back to be retried at its slot.
   */
  maxHoldMs: number;
}

/** A request's place in line: when it may be sent. */
export interface SlotClaim {
  slotAtMs: number;
  state: ThrottleState;
}

/**
 * Claims the send slot of a request arriving at `nowMs`. A request that was
 * handed back keeps the slot it reserved then, so it does not go to the end
 * of the line each time it comes back; a new request takes the first free
 * slot. No slot lies before the end of a `Retry-After` block.
 */
export function claimSlot(
  state: ThrottleState,
  nowMs: number,
  limits: ThrottleLimits,
  reservedAtMs: number | null,
): SlotClaim {
  if (reservedAtMs !== null) {
    const slotAtMs = Math.max(nowMs, state.blockedUntilMs, reservedAtMs);
    return { slotAtMs, state };
  }
  const slotAtMs = Math.max(nowMs, state.blockedUntilMs, state.nextFreeAtMs);
  const nextFreeAtMs = slotAtMs + limits.minIntervalMs;
  return { slotAtMs, state: { ...state, nextFreeAtMs } };
}

/**
 * Returns how long to wait, at `nowMs`, before the next request may go:
 * until any block ends and one interval after the previous request.
 */
export function waitBeforeSendMs(
  state: ThrottleState,
  nowMs: number,
  limits: ThrottleLimits,
): number {
  const last = state.lastResponseAtMs;
  const paced = last === null ? 0 : last + limits.minIntervalMs;
  return Math.max(0, state.blockedUntilMs - nowMs, paced - nowMs);
}

/** The parts of a response that pace the endpoint. */
export interface ThrottleResponse {
  status: number | null;
  retryAfterMs: number | null;
}

/**
 * Updates the state after a response (or a timeout) at `respondedAtMs`. A
 * 429, or a 503 with `Retry-After`, blocks the endpoint until the wait it
 * asked for ends.
 */
export function afterResponse(
  state: ThrottleState,
  respondedAtMs: number,
  response: ThrottleResponse,
): ThrottleState {
  const sent = { ...state, lastResponseAtMs: respondedAtMs };
  const limited =
    response.status === 429 ||
    (response.status === 503 && response.retryAfterMs !== null);
  if (!limited) return sent;
  const blockMs = response.retryAfterMs ?? DEFAULT_BLOCK_MS;
  const blockedUntilMs = Math.max(
    state.blockedUntilMs,
    respondedAtMs + blockMs,
  );
  return { ...sent, blockedUntilMs };
}

/** A slot reserved by a request that was handed back. */
export interface Reservation {
  notificationId: string;
  slotAtMs: number;
}

/**
 * Moves reserved slots that fall inside a new block to after it, keeping
 * their order and spacing them by the interval, so the returning requests
 * do not all arrive the moment the block ends.
 */
export function replanReservations(
  reservations: readonly Reservation[],
  state: ThrottleState,
  limits: ThrottleLimits,
): { reservations: Reservation[]; state: ThrottleState } {
  const sorted = [...reservations].sort((a, b) => a.slotAtMs - b.slotAtMs);
  let cursorMs = state.blockedUntilMs;
  const replanned = sorted.map((r) => {
    const slotAtMs = Math.max(r.slotAtMs, cursorMs);
    cursorMs = slotAtMs + limits.minIntervalMs;
    return { notificationId: r.notificationId, slotAtMs };
  });
  const nextFreeAtMs = Math.max(state.nextFreeAtMs, cursorMs);
  return { reservations: replanned, state: { ...state, nextFreeAtMs } };
}
