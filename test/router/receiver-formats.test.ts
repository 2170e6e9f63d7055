import { describe, expect, it } from "vitest";
import { secretKeyBytes } from "../../src/notify/channels/webhook/config";
import { makeAlert } from "../alerts/fixtures";
import { scriptHook } from "../receiver";
import {
  emit,
  putRouting,
  secretHook,
  SIGNING_SECRET,
  singleReceiver,
  slack,
  teams,
  waitForRequests,
  webhook,
} from "../delivery/helpers";

/** Verifies a Standard Webhooks signature as a receiver would. */
async function verifySignature(
  headers: Record<string, string>,
  body: string,
): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    "raw",
    secretKeyBytes(SIGNING_SECRET)!,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const [version, signature] = headers["webhook-signature"].split(",");
  if (version !== "v1") return false;
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const mac = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  return crypto.subtle.verify("HMAC", key, mac, new TextEncoder().encode(signed));
}

describe("receiver formats end to end", () => {
  it("posts a Slack Block Kit message", async () => {
    const hook = secretHook("format-slack");
    await scriptHook(hook);
    await putRouting(singleReceiver([slack(hook)]));
    await emit(makeAlert({ locationId: "fmt-slack" }));

    const [request] = await waitForRequests(hook, 1);
    const body = JSON.parse(request.body);
    expect(body.text).toContain("Sales dip at Store fmt-slack");
    expect(body.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Sales dip at Store fmt-slack" },
    });
    expect(body.blocks[1].type).toBe("section");
    expect(body.blocks[1].text.text).toContain("Firing");
  });

  it("posts a Teams message envelope with an Adaptive Card", async () => {
    const hook = secretHook("format-teams");
    await scriptHook(hook);
    await putRouting(singleReceiver([teams(hook)]));
    await emit(makeAlert({ locationId: "fmt-teams" }));

    const [request] = await waitForRequests(hook, 1);
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(["attachments", "type"]);
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.contentUrl).toBeNull();
    expect(attachment.content.type).toBe("AdaptiveCard");
    expect(JSON.stringify(attachment.content.body)).toContain("Store fmt-teams");
  });

  it("posts a signed webhook the receiver can verify", async () => {
    const hook = secretHook("format-webhook");
    await scriptHook(hook);
    await putRouting(singleReceiver([webhook(hook)]));
    const alert = makeAlert({ locationId: "fmt-webhook" });
    await emit(alert);

    const [request] = await waitForRequests(hook, 1);
    expect(await verifySignature(request.headers, request.body)).toBe(true);
    expect(request.headers["webhook-id"]).toMatch(/^ntf_[0-9a-f]{32}-0$/);
    const body = JSON.parse(request.body);
    expect(body.type).toBe("alert_group.firing");
    expect(body.data.receiver).toBe("ops");
    expect(body.data.groupLabels).toEqual({ category: "sales", location: "fmt-webhook" });
    expect(body.data.firing.map((a: { fingerprint: string }) => a.fingerprint)).toEqual([
      alert.fingerprint,
    ]);
  });

  it("sends to every channel of a receiver", async () => {
    const slackHook = secretHook("format-both-slack");
    const webhookHook = secretHook("format-both-webhook");
    await scriptHook(slackHook);
    await scriptHook(webhookHook);
    await putRouting(singleReceiver([slack(slackHook), webhook(webhookHook)]));
    await emit(makeAlert({ locationId: "fmt-both" }));

    expect(await waitForRequests(slackHook, 1)).toHaveLength(1);
    expect(await waitForRequests(webhookHook, 1)).toHaveLength(1);
  });
});
