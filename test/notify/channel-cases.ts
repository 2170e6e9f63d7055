import type { ChannelConfig } from "../../src/notify/channels/config";
import { hookUrl } from "../receiver";

/** A signing secret for tests: `whsec_` and 32 bytes in base64. */
export const TEST_SECRET = `whsec_${btoa("sitewatch-test-secret-32-bytes!!")}`;

/** One channel under the contract suite, with a config for a named hook. */
export interface ChannelCase {
  type: ChannelConfig["type"];
  configFor(hook: string): ChannelConfig;
}

/** Every channel, each aimed at the loopback receiver. */
export const CHANNEL_CASES: ChannelCase[] = [
  { type: "slack", configFor: (hook) => ({ type: "slack", url: hookUrl(hook) }) },
  { type: "teams", configFor: (hook) => ({ type: "teams", url: hookUrl(hook) }) },
  {
    type: "webhook",
    configFor: (hook) => ({
      type: "webhook",
      url: hookUrl(hook),
      secret: TEST_SECRET,
    }),
  },
];

/** Returns every secret a config holds, to check results never leak them. */
export function secretsOf(config: ChannelConfig): string[] {
  return config.type === "webhook" ? [config.url, config.secret] : [config.url];
}
