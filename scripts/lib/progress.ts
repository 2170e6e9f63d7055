const BAR_WIDTH = 30;

/**
 * Creates a one-line progress bar on stderr. Without a terminal it prints a line at
 * each tenth instead, so logs of a CI run stay readable.
 */
export function progress(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const started = Date.now();
  return {
    update(done: number) {
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (tty) {
        const filled = Math.round(share * BAR_WIDTH);
        const bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        process.stderr.write(`\r${label} [${bar}] ${done}/${total} ${seconds}s`);
        return;
      }
      const tenth = Math.floor(share * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${done}/${total} after ${seconds}s\n`);
      }
    },
    finish(done = total) {
      this.update(done);
      if (tty) process.stderr.write("\n");
    },
  };
}

/** Runs `work` over `items` with at most `limit` calls in flight. */
export async function runPool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  });
  await Promise.all(workers);
}
