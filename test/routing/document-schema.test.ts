import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTING_DOCUMENT } from "../../src/routing/default-document";
import { parseRoutingDocument } from "../../src/routing/parse-document";

const SECRET = `whsec_${btoa("k".repeat(32))}`;

function exampleDocument(): Record<string, unknown> {
  return {
    route: {
      receiver: "ops",
      group_by: ["location"],
      routes: [
        { matchers: ["category=integration"], receiver: "it" },
        { matchers: ['region=~"eu-.*"'], receiver: "ops" },
        { matchers: ["severity=critical"], receiver: "ops" },
      ],
    },
    receivers: [
      {
        name: "ops",
        channels: [{ type: "slack", url: "https://hooks.slack.com/services/T/B/x" }],
      },
      {
        name: "it",
        channels: [{ type: "webhook", url: "https://it.example/hook", secret: SECRET }],
      },
    ],
  };
}

function issuesOf(value: unknown) {
  const result = parseRoutingDocument(value);
  if (result.ok) throw new Error("expected the document to be rejected");
  return result.issues;
}

describe("parseRoutingDocument", () => {
  it("accepts the example document", () => {
    expect(parseRoutingDocument(exampleDocument()).ok).toBe(true);
  });

  it("accepts the default document", () => {
    expect(parseRoutingDocument(DEFAULT_ROUTING_DOCUMENT).ok).toBe(true);
  });

  it("names the path of a bad matcher", () => {
    const document = exampleDocument();
    const routes = (document.route as { routes: { matchers: string[] }[] }).routes;
    routes[2].matchers = ["severity~critical"];
    const issues = issuesOf(document);
    expect(issues.map((i) => i.path)).toEqual(["route.routes[2].matchers[0]"]);
  });

  it("names the path of a bad duration", () => {
    const document = exampleDocument();
    (document.route as Record<string, unknown>).group_wait = "thirty";
    const issues = issuesOf(document);
    expect(issues[0].path).toBe("route.group_wait");
    expect(issues[0].message).toContain("invalid duration");
  });

  it("rejects a route naming an unknown receiver", () => {
    const document = exampleDocument();
    const routes = (document.route as { routes: Record<string, unknown>[] }).routes;
    routes[1].receiver = "nobody";
    const issues = issuesOf(document);
    expect(issues[0].path).toBe("route.routes[1].receiver");
    expect(issues[0].message).toContain("nobody");
  });

  it("rejects a root route without receiver", () => {
    const document = exampleDocument();
    delete (document.route as Record<string, unknown>).receiver;
    expect(issuesOf(document)[0].path).toBe("route.receiver");
  });

  it("rejects matchers on the root route", () => {
    const document = exampleDocument();
    (document.route as Record<string, unknown>).matchers = ["region=eu"];
    expect(issuesOf(document)[0].path).toBe("route.matchers");
  });

  it("rejects duplicate receiver names", () => {
    const document = exampleDocument();
    (document.receivers as { name: string }[])[1].name = "ops";
    expect(issuesOf(document).map((i) => i.path)).toContain("receivers[1].name");
  });

  it("rejects ... beside other group_by labels", () => {
    const document = exampleDocument();
    (document.route as Record<string, unknown>).group_by = ["...", "region"];
    expect(issuesOf(document)[0].path).toBe("route.group_by");
  });

  it("rejects an unknown key", () => {
    const document = exampleDocument();
    (document.route as Record<string, unknown>).groupBy = ["region"];
    expect(issuesOf(document)[0].path).toBe("route");
  });

  it("rejects a plain http URL to a public host", () => {
    const document = exampleDocument();
    const receivers = document.receivers as { channels: { url: string }[] }[];
    receivers[0].channels[0].url = "http://hooks.slack.com/services/T/B/x";
    expect(issuesOf(document)[0].path).toBe("receivers[0].channels[0].url");
  });

  it("rejects a short signing secret without echoing it", () => {
    const document = exampleDocument();
    const receivers = document.receivers as { channels: { secret?: string }[] }[];
    const secret = `whsec_${btoa("short")}`;
    receivers[1].channels[0].secret = secret;
    const issues = issuesOf(document);
    expect(issues[0].path).toBe("receivers[1].channels[0].secret");
    expect(issues[0].message).not.toContain(secret);
  });

  it("rejects an unknown channel type", () => {
    const document = exampleDocument();
    const receivers = document.receivers as { channels: { type: string }[] }[];
    receivers[0].channels[0].type = "email";
    expect(issuesOf(document)[0].path).toBe("receivers[0].channels[0].type");
  });

  it("rejects routes nested too deep", () => {
    let route: Record<string, unknown> = { matchers: ["region=x"] };
    for (let depth = 0; depth < 11; depth += 1) {
      route = { matchers: ["region=x"], routes: [route] };
    }
    const document = {
      ...exampleDocument(),
      route: { receiver: "ops", routes: [route] },
    };
    expect(issuesOf(document)[0].message).toContain("nested");
  });
});
