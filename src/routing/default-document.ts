import type { RoutingDocumentInput } from "./document-schema";

/**
 * The routing document in force until one is uploaded. Its one receiver has
 * no channels, so alerts are grouped and recorded but sent nowhere. An
 * integration alert mutes the sales alerts of the same location, because a
 * dead feed also looks like a sales dip.
 */
export const DEFAULT_ROUTING_DOCUMENT: RoutingDocumentInput = {
  route: {
    receiver: "default",
    group_by: ["location", "category"],
  },
  receivers: [{ name: "default", channels: [] }],
  inhibit_rules: [
    {
      source_matchers: ["category=integration"],
      target_matchers: ["category=sales"],
      equal: ["location"],
    },
  ],
};
