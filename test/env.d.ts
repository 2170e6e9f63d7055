import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      RECEIVER_URL: string;
    }
  }
}

declare module "vitest" {
  interface ProvidedContext {
    receiverPort: number;
  }
}
