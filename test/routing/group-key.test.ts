import { describe, expect, it } from "vitest";
import { groupKey, groupLabels } from "../../src/routing/group-key";
import { compile, receivers } from "./helpers";

const labels = {
  category: "sales",
  type: "sales_dip",
  location: "s-12",
  region: "eu-west",
  tags: ["mall", "flagship"],
};

describe("groupKey", () => {
  const { root } = compile({
    route: {
      receiver: "ops",
      group_by: ["type", "location"],
      routes: [
        { matchers: ["category=integration"], group_by: ["..."] },
        { matchers: ["region=nowhere"], group_by: [] },
      ],
    },
    receivers: receivers("ops"),
  });

  it("keys on the group_by labels in sorted order", () => {
    expect(groupKey(root, labels)).toBe('route{location="s-12",type="sales_dip"}');
  });

  it("ignores labels outside group_by", () => {
    expect(groupKey(root, { ...labels, region: "us-east" }))
      .toBe(groupKey(root, labels));
  });

  it("separates locations", () => {
    expect(groupKey(root, { ...labels, location: "s-13" }))
      .not.toBe(groupKey(root, labels));
  });

  it("uses every label for ...", () => {
    const all = root.routes[0];
    expect(groupLabels(all, labels)).toEqual({
      category: "sales",
      location: "s-12",
      region: "eu-west",
      tags: "flagship,mall",
      type: "sales_dip",
    });
  });

  it("puts everything in one group for empty group_by", () => {
    const none = root.routes[1];
    expect(groupKey(none, labels)).toBe("route.routes[1]{}");
  });

  it("quotes values so separators cannot collide", () => {
    const tricky = groupKey(root, { ...labels, location: 's",type="x' });
    expect(tricky).not.toBe(groupKey(root, labels));
    expect(tricky).toContain('\\"');
  });
});
