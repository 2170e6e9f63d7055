/**
 * The routing document `npm start` uploads: sales alerts to a regional
 * operations channel in Slack format, integration alerts to IT as a signed
 * JSON webhook, and an integration failure at a location mutes its sales
 * alerts, since a dead feed also looks like a dip.
 */
export function demoRouting(receiverUrl: string, webhookSecret: string) {
  return {
    route: {
      receiver: "regional-ops",
      group_by: ["location", "category"],
      group_wait: "10s",
      group_interval: "1m",
      repeat_interval: "4h",
      routes: [
        {
          name: "it",
          matchers: ["category=integration"],
          receiver: "it",
          group_by: ["location"],
        },
        { name: "sales", matchers: ["category=sales"], receiver: "regional-ops" },
      ],
    },
    receivers: [
      {
        name: "regional-ops",
        send_resolved: true,
        channels: [{ type: "slack", url: `${receiverUrl}/hook/regional-ops` }],
      },
      {
        name: "it",
        send_resolved: true,
        channels: [{ type: "webhook", url: `${receiverUrl}/hook/it`, secret: webhookSecret }],
      },
    ],
    inhibit_rules: [
      {
        source_matchers: ["category=integration"],
        target_matchers: ["category=sales"],
        equal: ["location"],
      },
    ],
  };
}
