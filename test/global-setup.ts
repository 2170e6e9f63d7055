import type { TestProject } from "vitest/node";
import { startReceiver } from "./receiver-server";

/** Starts the loopback webhook receiver that delivery tests post to. */
export default async function setup(project: TestProject) {
  const { server, port } = await startReceiver();
  project.provide("receiverPort", port);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
