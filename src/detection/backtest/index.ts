export { BacktestInputError, parseBacktestCsv, type InputRow, type ParsedInput } from "./parse";
export { runBacktest, type BacktestOptions, type BacktestSummary } from "./run";
