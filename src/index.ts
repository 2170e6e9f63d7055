import { consumeTraining, consumeTrainingDeadLetters } from "../trainer/consumer";
import { startRun } from "../trainer/runs";
import { createApp } from "./api/app";
import { consumeNotifyDeadLetters } from "./delivery/consume-dead-letters";
import { consumeNotifications } from "./delivery/consume-notifications";
import { errorText, log } from "./log";
import { consumeAlerts } from "./router/consume-alerts";
import { consumeAlertDeadLetters } from "./router/consume-dead-letters";

export { LocationMonitor } from "../durable-objects/location-monitor";
export { AlertGroup } from "../durable-objects/alert-group";
export { EndpointThrottle } from "../durable-objects/endpoint-throttle";

const app = createApp();

/** Queue consumers by queue name, as declared in wrangler.toml. */
const consumers: Record<string, (batch: MessageBatch, env: Env) => Promise<void>> = {
  "sitewatch-training": consumeTraining,
  "sitewatch-training-dlq": consumeTrainingDeadLetters,
  "sitewatch-alerts": consumeAlerts,
  "sitewatch-alerts-dlq": consumeAlertDeadLetters,
  "sitewatch-notifications": consumeNotifications,
  "sitewatch-notifications-dlq": consumeNotifyDeadLetters,
};

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),

  async queue(batch, env, ctx) {
    void ctx;
    const consumer = consumers[batch.queue];
    if (!consumer) {
      log.error("queue:unknown", { queue: batch.queue, messages: batch.messages.length });
      batch.retryAll();
      return;
    }
    const started = Date.now();
    await consumer(batch, env);
    log.info("queue:batch", { queue: batch.queue, messages: batch.messages.length, durationMs: Date.now() - started });
  },

  async scheduled(controller, env, ctx) {
    void ctx;
    if (controller.cron !== env.TRAINING_CRON) {
      log.warn("cron:unknown", { cron: controller.cron });
      return;
    }
    try {
      const runId = await startRun(env, {
        trigger: "cron",
        selector: { all: true },
        requestedBy: "cron",
        force: false,
        now: controller.scheduledTime,
      });
      log.info("cron:training_started", { runId });
    } catch (error) {
      log.error("cron:training_failed", { error: errorText(error) });
      throw error;
    }
  },
} satisfies ExportedHandler<Env>;
