import { DurableObject } from "cloudflare:workers";

/** One object per alert group: holds group state and notification timers. */
export class AlertGroup extends DurableObject<Env> {}
