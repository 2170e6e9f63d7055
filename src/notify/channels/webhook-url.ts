import { z } from "zod";

/** Longest webhook URL accepted, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2_048;

// Plain http is allowed only to the local machine, for development receivers.
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A receiver's webhook URL: https, or http to a loopback host. Userinfo is
 * rejected because credentials belong in the secret, not the URL.
 */
export const WebhookUrlSchema = z
  .string()
  .max(MAX_WEBHOOK_URL_LENGTH)
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      // URL throws a TypeError on anything unparsable, which becomes this issue.
      ctx.addIssue({ code: "custom", message: "invalid URL" });
      return;
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
      ctx.addIssue({
        code: "custom",
        message: "webhook URL must use https (http only to a loopback host)",
      });
    }
    if (url.username !== "" || url.password !== "") {
      ctx.addIssue({
        code: "custom",
        message: "webhook URL must not contain a user name or password",
      });
    }
  });
