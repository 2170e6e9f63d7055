/**
 * npm run backtest -- --input IN.csv --out OUT.csv [--timezone Area/City]
 *   [--kind count|amount] [--country CC]
 *
 * Walks forward through a CSV of one or more locations, retraining on the
 * production schedule, and writes expected values, intervals, scores and
 * the anomaly flags the live system would have raised.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BacktestInputError, runBacktest } from "../src/detection/backtest";
import { MIN_HISTORY_DAYS } from "../src/model/schedule";
import { isValidTimeZone } from "../src/time/zone";

const USAGE = `usage: npm run backtest -- --input IN.csv --out OUT.csv [options]
  --input PATH       CSV with timestamp,value or location,timestamp,value
  --out PATH         output CSV, one row per input row
  --timezone ZONE    IANA zone of the locations' wall-clock timestamps (default UTC)
  --kind KIND        count or amount (default count)
  --country CC       ISO 3166 country for the holiday calendar (default none)`;

/** Exit code of an invalid command line, as distinct from invalid input. */
const USAGE_EXIT_CODE = 2;

function fail(message: string, code = 1): never {
  process.stderr.write(`backtest: ${message}\n`);
  process.exit(code);
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        input: { type: "string" },
        out: { type: "string" },
        timezone: { type: "string", default: "UTC" },
        kind: { type: "string", default: "count" },
        country: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    // parseArgs rejects unknown flags and missing option values.
    return fail(`${(error as Error).message}\n${USAGE}`, USAGE_EXIT_CODE);
  }
}

function main(): void {
  const { values } = readArgs();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.input || !values.out) fail(`--input and --out are required\n${USAGE}`, USAGE_EXIT_CODE);
  if (!isValidTimeZone(values.timezone!)) {
    fail(`unknown time zone "${values.timezone}"; use an IANA name such as Europe/Berlin`, USAGE_EXIT_CODE);
  }
  if (values.kind !== "count" && values.kind !== "amount") {
    fail(`invalid --kind "${values.kind}"; use count or amount`, USAGE_EXIT_CODE);
  }
  if (values.country && !/^[A-Za-z]{2}$/.test(values.country)) {
    fail(`invalid --country "${values.country}"; use a two-letter ISO 3166 code`, USAGE_EXIT_CODE);
  }

  let text: string;
  try {
    text = readFileSync(values.input, "utf8");
  } catch (error) {
    fail(`cannot read ${values.input}: ${(error as Error).message}`);
  }
  const started = performance.now();
  try {
    const { csv, summary } = runBacktest(text, {
      timeZone: values.timezone!,
      kind: values.kind,
      country: values.country?.toUpperCase(),
      onProgress: (done, total, location) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stderr.write(`backtest: ${done}/${total} locations (${location || "series"}) in ${seconds} s\n`);
      },
    });
    try {
      writeFileSync(values.out, csv);
    } catch (error) {
      fail(`cannot write ${values.out}: ${(error as Error).message}; check that its folder exists`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `backtest: ${summary.rows} rows, ${summary.locations} locations, ` +
      `${summary.flaggedRows} flagged rows, ${summary.anomalies} anomalies, ` +
      `${summary.unscoredRows} rows before a model existed ` +
      `(a model needs ${MIN_HISTORY_DAYS.hour} days of hourly or ${MIN_HISTORY_DAYS.day} of daily history); ${seconds} s\n`,
    );
  } catch (error) {
    if (error instanceof BacktestInputError) fail(`${values.input} ${error.message}`);
    throw error;
  }
}

main();
