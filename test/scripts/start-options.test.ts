import { describe, expect, it } from "vitest";
import { checkStartOptions, START_ARGS, StartOptionError, type RawStartOptions } from "../../scripts/lib/start-options";

const DEFAULTS = Object.fromEntries(
  Object.entries(START_ARGS).map(([name, option]) => [name, option.default]),
) as unknown as RawStartOptions;

describe("npm start options", () => {
  it("accepts the defaults", () => {
    expect(checkStartOptions(DEFAULTS)).toEqual({
      stores: 1000,
      historyDays: 32,
      port: 8787,
      receiverPort: 8788,
      keepState: false,
      smoke: false,
      timeoutMinutes: 10,
      help: false,
    });
  });

  it("accepts the bounds", () => {
    const options = checkStartOptions({ ...DEFAULTS, stores: "1", "history-days": "30", "timeout-minutes": "1" });
    expect(options.stores).toBe(1);
    expect(options.historyDays).toBe(30);
    expect(options.timeoutMinutes).toBe(1);
    expect(checkStartOptions({ ...DEFAULTS, stores: "9999", "history-days": "400" }).stores).toBe(9999);
  });

  const invalid: [keyof RawStartOptions, string, string][] = [
    ["stores", "abc", 'invalid --stores "abc": expected an integer from 1 to 9999'],
    ["stores", "0", 'invalid --stores "0": expected an integer from 1 to 9999'],
    ["stores", "", 'invalid --stores "": expected an integer from 1 to 9999'],
    ["stores", "2.5", 'invalid --stores "2.5": expected an integer from 1 to 9999'],
    ["stores", "1e3", 'invalid --stores "1e3": expected an integer from 1 to 9999'],
    ["stores", "-3", 'invalid --stores "-3": expected an integer from 1 to 9999'],
    ["stores", "10000", 'invalid --stores "10000": expected an integer from 1 to 9999'],
    ["history-days", "10", 'invalid --history-days "10": expected an integer from 30 to 400'],
    ["history-days", "401", 'invalid --history-days "401": expected an integer from 30 to 400'],
    ["port", "0", 'invalid --port "0": expected an integer from 1 to 65535'],
    ["receiver-port", "65536", 'invalid --receiver-port "65536": expected an integer from 1 to 65535'],
    ["timeout-minutes", "0", 'invalid --timeout-minutes "0": expected an integer from 1 to 35791'],
    ["timeout-minutes", "ten", 'invalid --timeout-minutes "ten": expected an integer from 1 to 35791'],
  ];
  for (const [name, value, message] of invalid) {
    it(`rejects --${name} ${JSON.stringify(value)}`, () => {
      const check = () => checkStartOptions({ ...DEFAULTS, [name]: value });
      expect(check).toThrow(StartOptionError);
      expect(check).toThrow(message);
    });
  }

  it("rejects the same port twice", () => {
    const check = () => checkStartOptions({ ...DEFAULTS, port: "9000", "receiver-port": "9000" });
    expect(check).toThrow(StartOptionError);
    expect(check).toThrow("invalid --port and --receiver-port: both are 9000, expected two different ports");
  });
});
