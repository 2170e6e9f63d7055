/**
 * Baseline Worker of the ingest benchmark. It reads and parses the same JSON
 * body as POST /v1/events and returns 200. The throughput ratio against it
 * shows what auth, validation and the Durable Object fan-out add to the
 * local runtime's own cost of a request.
 */
export default {
  async fetch(request) {
    if (request.method !== "POST") return Response.json({ ok: true });
    const body = (await request.json()) as { events?: unknown[] };
    return Response.json({ accepted: body.events?.length ?? 0 });
  },
} satisfies ExportedHandler;
