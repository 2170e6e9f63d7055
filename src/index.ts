import { createApp } from "./api/app";

export { LocationMonitor } from "../durable-objects/location-monitor";
export { AlertGroup } from "../durable-objects/alert-group";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  async queue(batch, env, ctx) {
    void env;
    void ctx;
    for (const message of batch.messages) message.ack();
  },
  async scheduled(controller, env, ctx) {
    void controller;
    void env;
    void ctx;
  },
} satisfies ExportedHandler<Env>;
