// Draws the location page's chart with uPlot: the actual series, the
// expected line, its interval band, closed hours shaded and anomalies
// marked. The data comes from the URL in #chart[data-series-url], which
// carries the page's own link token. After drawing, the chart element
// reports what it drew in data-* attributes, which the page tests read.
(function () {
  "use strict";

  var HOUR_S = 3600;
  var COLORS = {
    actual: "#1d4ed8",
    expected: "#475569",
    band: "rgba(59, 130, 246, 0.16)",
    closed: "rgba(100, 116, 139, 0.13)",
    anomaly: "rgba(220, 38, 38, 0.13)",
    anomalyEdge: "#dc2626",
  };
  var TYPE_LABELS = {
    sales_dip: "Sales dip",
    sales_spike: "Sales spike",
    feed_silent: "Feed silent",
    heartbeat_lost: "Heartbeat lost",
    tender_collapse: "Tender collapse",
    register_silent: "Register silent",
    error_spike: "Error spike",
  };

  var box = document.getElementById("chart");
  if (!box || typeof uPlot === "undefined") return;
  var plot = null;
  var data = null;

  function localFormat(timeZone) {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  // Labels ticks in the location's zone on a 24-hour clock: the day at
  // midnight, the time otherwise.
  function tickLabels(timeZone) {
    var day = new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, weekday: "short", day: "numeric",
    });
    var time = new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    return function (u, splits) {
      return splits.map(function (ts) {
        var label = time.format(new Date(ts * 1000));
        return label === "00:00" ? day.format(new Date(ts * 1000)) : label;
      });
    };
  }

  function columns(series) {
    var cols = [[], [], [], [], []];
    series.points.forEach(function (p) {
      cols[0].push(p.t);
      cols[1].push(p.actual);
      cols[2].push(p.expected);
      cols[3].push(p.lower);
      cols[4].push(p.upper);
    });
    return cols;
  }

  // Clamps a span to the visible range and returns its canvas pixels.
  function spanPixels(u, fromS, toS) {
    var min = u.scales.x.min;
    var max = u.scales.x.max;
    var left = u.valToPos(Math.max(fromS, min), "x", true);
    var right = u.valToPos(Math.min(toS, max), "x", true);
    return right > left ? [left, right - left] : null;
  }

  // Runs after uPlot clears the canvas, so shading sits behind the lines.
  function shade(u) {
    var ctx = u.ctx;
    var top = u.bbox.top;
    var height = u.bbox.height;
    ctx.save();
    ctx.fillStyle = COLORS.closed;
    data.points.forEach(function (p) {
      if (!p.closed) return;
      var span = spanPixels(u, p.t, p.t + HOUR_S);
      if (span) ctx.fillRect(span[0], top, span[1], height);
    });
    data.anomalies.forEach(function (a) {
      var end = a.endMs === null ? data.toMs : a.endMs;
      var span = spanPixels(u, a.startMs / 1000, end / 1000);
      if (!span) return;
      ctx.fillStyle = COLORS.anomaly;
      ctx.fillRect(span[0], top, span[1], height);
      ctx.fillStyle = COLORS.anomalyEdge;
      ctx.fillRect(span[0], top, span[1], 4 * devicePixelRatio);
    });
    ctx.restore();
  }

  function chartHeight() {
    return window.innerWidth < 640 ? 240 : 320;
  }

  function options(series) {
    var unit = series.currency && /sales|amount/.test(series.metric)
      ? " (" + series.currency + ")"
      : "";
    var hidden = { stroke: "transparent", points: { show: false } };
    return {
      width: box.clientWidth,
      height: chartHeight(),
      tzDate: function (ts) {
        return uPlot.tzDate(new Date(ts * 1000), series.timezone);
      },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: function (u, min, max) {
        return [0, max > 0 ? max * 1.08 : 1];
      } } },
      series: [
        {},
        { label: "Actual", stroke: COLORS.actual, width: 2, spanGaps: false },
        { label: "Expected", stroke: COLORS.expected, width: 1.5, dash: [6, 4] },
        Object.assign({ label: "Low" }, hidden),
        Object.assign({ label: "High" }, hidden),
      ],
      bands: [{ series: [4, 3], fill: COLORS.band }],
      axes: [
        { values: tickLabels(series.timezone), space: 60 },
        { label: box.dataset.label + unit, size: 56 },
      ],
      hooks: { drawClear: [shade] },
    };
  }

  function listMarks(series) {
    var list = document.getElementById("anomaly-marks");
    if (!list) return;
    var format = localFormat(series.timezone);
    list.replaceChildren();
    series.anomalies.forEach(function (a) {
      var item = document.createElement("li");
      item.setAttribute("data-anomaly-mark", a.anomalyId);
      item.className = "sev-" + a.severity;
      var end = a.endMs === null ? "ongoing" : format.format(new Date(a.endMs));
      item.textContent = (TYPE_LABELS[a.type] || a.type) + " · " +
        a.severity + " · " + format.format(new Date(a.startMs)) + " – " + end;
      list.appendChild(item);
    });
  }

  function report(series) {
    var band = series.points.filter(function (p) {
      return p.lower !== null && p.upper !== null;
    }).length;
    var closed = series.points.filter(function (p) { return p.closed; }).length;
    var actual = series.points.filter(function (p) { return p.actual !== null; });
    box.setAttribute("data-points", String(actual.length));
    box.setAttribute("data-band-points", String(band));
    box.setAttribute("data-closed-hours", String(closed));
    box.setAttribute("data-anomaly-marks", String(series.anomalies.length));
    box.setAttribute("data-state", actual.length > 0 ? "drawn" : "empty");
  }

  function draw(series) {
    data = series;
    if (plot) plot.destroy();
    box.replaceChildren();
    plot = new uPlot(options(series), columns(series), box);
    listMarks(series);
    report(series);
    if (!series.points.some(function (p) { return p.actual !== null; })) {
      var note = document.createElement("p");
      note.className = "quiet";
      note.textContent = "No data stored for this range yet.";
      box.appendChild(note);
    }
  }

  function fail(error) {
    box.setAttribute("data-state", "failed");
    box.replaceChildren();
    var note = document.createElement("p");
    note.className = "quiet";
    note.textContent = "The chart failed to load (" + error.message + "). " +
      "Reload the page to try again.";
    box.appendChild(note);
  }

  function load() {
    fetch(box.getAttribute("data-series-url"), {
      credentials: "same-origin",
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(draw)
      .catch(fail);
  }

  window.addEventListener("resize", function () {
    if (plot) plot.setSize({ width: box.clientWidth, height: chartHeight() });
  });
  document.addEventListener("pages:refreshed", load);
  load();
})();
