/**
 * Styles shared by the pages: light, system fonts, one column on a phone.
 * Kept in a module, not a .css file, because Vitest blanks CSS imports.
 */
export const PAGES_CSS = `
:root {
  --ink: #0f172a;
  --muted: #64748b;
  --line: #e2e8f0;
  --paper: #ffffff;
  --ground: #f1f5f9;
  --accent: #1d4ed8;
  --critical: #b91c1c;
  --major: #c2410c;
  --minor: #a16207;
  --ok: #15803d;
  color-scheme: light;
}

* { box-sizing: border-box; }

body {
  margin: 0;
  background: var(--ground);
  color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}

[data-stale] .bar-right::after { content: " · offline, showing last data"; }

h1, h2, h3 { line-height: 1.2; margin: 0 0 0.4em; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.1rem; }
h3 { font-size: 0.95rem; }
a { color: var(--accent); }
small, .fine, .quiet, .meta { color: var(--muted); }
.fine { font-size: 0.82rem; margin: 0.5em 0 0; }

.bar {
  display: flex;
  justify-content: space-between;
  align-items: center;
  gap: 1em;
  padding: 0.6em 1em;
  background: var(--ink);
  color: #e2e8f0;
  font-size: 0.85rem;
}
.brand { color: #fff; font-weight: 700; text-decoration: none; }

.page {
  max-width: 1100px;
  margin: 0 auto;
  padding: 1em;
  display: grid;
  gap: 1em;
}
.narrow { max-width: 34em; margin: 3em auto; padding: 0 1em; }

.card {
  background: var(--paper);
  border: 1px solid var(--line);
  border-radius: 10px;
  padding: 1em;
  min-width: 0;
}

.count {
  display: inline-block;
  min-width: 1.6em;
  padding: 0 0.4em;
  border-radius: 999px;
  background: var(--ground);
  color: var(--muted);
  font-size: 0.8rem;
  text-align: center;
  vertical-align: middle;
}

/* Location header */
.head .meta { margin: 0 0 0.6em; }
.now { display: flex; flex-wrap: wrap; gap: 0.5em 0.9em; align-items: baseline; margin: 0; }
.clock { font-size: 1.3rem; font-weight: 600; }
.zone { color: var(--muted); }
.state { padding: 0.1em 0.6em; border-radius: 999px; font-size: 0.8rem; font-weight: 600; }
.state.open { background: #dcfce7; color: var(--ok); }
.state.shut { background: #e2e8f0; color: #334155; }
.hours { margin-top: 0.7em; }
.hours summary { cursor: pointer; color: var(--accent); }
.hours ul { margin: 0.4em 0 0; padding-left: 1.2em; }

/* Anomalies */
.badge {
  display: inline-block;
  padding: 0.05em 0.5em;
  border-radius: 4px;
  font-size: 0.72rem;
  font-weight: 700;
  text-transform: uppercase;
  letter-spacing: 0.03em;
  color: #fff;
  background: var(--muted);
}
.badge.sev-critical { background: var(--critical); }
.badge.sev-major { background: var(--major); }
.badge.sev-minor { background: var(--minor); }

.anomaly {
  border-left: 4px solid var(--muted);
  padding: 0.7em 0 0.2em 0.9em;
  margin-top: 0.8em;
}
.anomaly.sev-critical { border-color: var(--critical); }
.anomaly.sev-major { border-color: var(--major); }
.anomaly.sev-minor { border-color: var(--minor); }
.anomaly-head { display: flex; gap: 0.6em; align-items: center; flex-wrap: wrap; }
.anomaly-head h3 { margin: 0; font-size: 1rem; }
.anomaly .summary { margin: 0.4em 0 0.6em; }
.explain {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
  gap: 0.6em 1em;
  margin: 0;
}
.explain div { min-width: 0; }
.explain dt { color: var(--muted); font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.03em; }
.explain dd { margin: 0.1em 0 0; font-weight: 600; }
.explain dd small { font-weight: 400; display: block; }
.explain .actual { color: var(--critical); }

/* Chart */
.controls {
  display: flex;
  flex-wrap: wrap;
  gap: 0.6em 1.2em;
  align-items: center;
  margin: 0.4em 0 0.8em;
}
.metric-form { display: flex; gap: 0.5em; align-items: center; }
.metric-form label { color: var(--muted); font-size: 0.85rem; }
select, input, button {
  font: inherit;
  padding: 0.35em 0.6em;
  border: 1px solid var(--line);
  border-radius: 6px;
  background: var(--paper);
  color: var(--ink);
}
.ranges { display: flex; gap: 0.3em; }
.chip {
  padding: 0.3em 0.8em;
  border: 1px solid var(--line);
  border-radius: 999px;
  text-decoration: none;
  color: var(--ink);
  font-size: 0.9rem;
}
.chip.on { background: var(--accent); border-color: var(--accent); color: #fff; }
.chart { min-height: 240px; width: 100%; }
.chart .u-legend { font-size: 0.82rem; }
.key, .marks { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3em 1.1em; padding: 0; margin: 0.6em 0 0; font-size: 0.85rem; color: var(--muted); }
.key i { display: inline-block; width: 1.4em; height: 0.7em; margin-right: 0.4em; vertical-align: middle; border-radius: 2px; }
.k-actual { background: #1d4ed8; height: 3px !important; }
.k-expected { border-top: 2px dashed #475569; height: 0 !important; }
.k-band { background: rgba(59, 130, 246, 0.25); }
.k-closed { background: rgba(100, 116, 139, 0.25); }
.k-anomaly { background: rgba(220, 38, 38, 0.25); border-top: 3px solid #dc2626; }
.marks li { color: var(--ink); }
.marks li::before { content: "▲ "; color: #dc2626; }

/* Feed health */
.feed { border-collapse: collapse; width: 100%; }
.feed th, .feed td { text-align: left; padding: 0.35em 0.6em 0.35em 0; border-bottom: 1px solid var(--line); }
.feed th { text-transform: capitalize; font-weight: 600; width: 7em; }
.feed .ago { color: var(--muted); text-align: right; }

/* Overview */
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8em; }
.tile { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 0.8em 1em; }
.tile .value { display: block; font-size: 1.8rem; font-weight: 700; }
.tile .label { color: var(--muted); font-size: 0.85rem; }
.tile.anomalous .value { color: var(--major); }
.tile.silent .value { color: var(--critical); }
.tile.healthy .value { color: var(--ok); }
.region h3 { color: var(--muted); text-transform: uppercase; font-size: 0.78rem; letter-spacing: 0.05em; margin-top: 1em; }
.alerts { list-style: none; margin: 0; padding: 0; }
.alert { border-left: 4px solid var(--muted); margin: 0.5em 0; }
.alert.sev-critical { border-color: var(--critical); }
.alert.sev-major { border-color: var(--major); }
.alert.sev-minor { border-color: var(--minor); }
.alert a { display: grid; gap: 0.15em; padding: 0.4em 0.7em; color: inherit; text-decoration: none; }
.alert a:hover { background: var(--ground); }
.alert-top { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
.alert .what { color: var(--muted); }
.alert .fine { margin: 0; }

/* Sign-in */
.sign-in { display: grid; gap: 0.5em; margin-top: 1.5em; }
.sign-in button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }

@media (min-width: 900px) {
  .location {
    grid-template-columns: 1fr 1fr;
    grid-template-areas: "summary anomalies" "feed anomalies" "chart chart";
    grid-template-rows: min-content 1fr auto;
    align-items: start;
  }
  .location #summary { grid-area: summary; }
  .location #anomalies { grid-area: anomalies; }
  .location #feed { grid-area: feed; }
  .location #chart-section { grid-area: chart; }
}

@media (max-width: 640px) {
  .page { padding: 0.6em; gap: 0.7em; }
  .tiles { grid-template-columns: repeat(2, 1fr); }
  h1 { font-size: 1.3rem; }
}
`;
