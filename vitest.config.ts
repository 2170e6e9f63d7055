import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: "test-admin-token",
            ALLOW_FAULT_INJECTION: "1",
            TRAINING_RETRY_DELAY_SECONDS: "0",
            // Short delivery timers, so retry and timeout tests finish in
            // seconds; wrangler.toml keeps the production values.
            NOTIFY_TIMEOUT_MS: "1000",
            NOTIFY_RETRY_BASE_DELAY_MS: "200",
            NOTIFY_RETRY_MAX_DELAY_MS: "1000",
            SECRETS_KEY: "dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=",
            RECEIVER_URL: `http://127.0.0.1:${inject("receiverPort")}`,
          },
        },
      })),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      testTimeout: 30_000,
      // Keep the structured logs of passing tests out of the report.
      silent: "passed-only" as const,
      // date-holidays pulls in moment-timezone, a UMD file that workerd's
      // module loader cannot import as is; pre-bundling turns it into ESM.
      deps: {
        optimizer: {
          ssr: { enabled: true, include: ["date-holidays"] },
        },
      },
    },
  };
});
