import { createServer, type Server } from "node:http";

/** A loopback webhook receiver that stamps when each alert arrives. */
export interface BenchReceiver {
  url: string;
  /** Arrival time (performance.now) of each alert, by fingerprint. */
  arrivals: Map<string, number>;
  requests: () => number;
  close: () => Promise<void>;
}

function alertFingerprints(body: string): string[] {
  try {
    const data = (JSON.parse(body) as { data?: { firing?: unknown[] } }).data;
    const firing = (data?.firing ?? []) as { fingerprint?: string }[];
    return firing.flatMap((a) => (a.fingerprint ? [a.fingerprint] : []));
  } catch {
    // Baseline requests carry no alerts; they only measure the round trip.
    return [];
  }
}

/** Starts the receiver on an ephemeral port of 127.0.0.1. */
export async function startBenchReceiver(): Promise<BenchReceiver> {
  const arrivals = new Map<string, number>();
  let requests = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      requests += 1;
      for (const fp of alertFingerprints(Buffer.concat(chunks).toString())) {
        if (!arrivals.has(fp)) arrivals.set(fp, at);
      }
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("bench receiver did not bind to a TCP port");
  }
  return {
    url: `http://127.0.0.1:${address.port}/hook/bench`,
    arrivals,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
