// OreWatch pages: draws the charts whose data the server embeds as JSON
// blocks (no inline scripts, so the Content-Security-Policy stays strict).
"use strict";
(function () {
  var colors = { red: "#b3261e", yellow: "#b26a00", green: "#2e7d32" };
  var zh = document.documentElement.lang !== "en";
  function data(el) {
    var src = document.getElementById(el.dataset.source);
    if (!src) { return null; }
    var d = JSON.parse(src.textContent || "null");
    return el.dataset.key ? (d || {})[el.dataset.key] : d;
  }
  function bar(d) {
    return { tooltip: {}, grid: { left: 140, right: 16, top: 8, bottom: 24 },
      xAxis: { type: "value" }, yAxis: { type: "category", data: d.map(function (x) { return x.key; }).reverse(), axisLabel: { interval: 0 } },
      series: [{ type: "bar", data: d.map(function (x) { return x.n; }).reverse(), itemStyle: { color: "#1d4e89" } }] };
  }
  function line(d) {
    return { tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, top: 8, bottom: 48 },
      xAxis: { type: "category", data: d.map(function (x) { return x.key; }), axisLabel: { rotate: 45 } }, yAxis: { type: "value" },
      series: [{ type: d.length < 4 ? "bar" : "line", data: d.map(function (x) { return x.n; }), areaStyle: {}, symbolSize: 6, itemStyle: { color: "#1d4e89" } }] };
  }
  function pie(d) {
    // Names in a legend below: a label beside a narrow card's ring is cut at its edge.
    return { tooltip: {}, legend: { bottom: 0 }, series: [{ type: "pie", radius: ["35%", "62%"], center: ["50%", "45%"], label: { show: false },
      data: d.map(function (x) { return { name: x.key, value: x.n, itemStyle: { color: colors[x.code || x.key] } }; }) }] };
  }
  function gap(d) {
    var home = zh ? "国内" : "China", abroad = zh ? "国际" : "abroad";
    return { tooltip: { trigger: "axis" }, legend: { data: [home, abroad], top: 0 }, grid: { left: 64, right: 16, top: 40, bottom: 72 },
      xAxis: { type: "category", data: d.map(function (x) { return x.name || x.material; }), axisLabel: { rotate: 30, interval: 0 } }, yAxis: { type: "log" },
      series: [{ name: home, type: "bar", data: d.map(function (x) { return x.home; }) },
               { name: abroad, type: "bar", data: d.map(function (x) { return x.abroad; }) }] };
  }
  function books(d) {
    var months = [], mats = {};
    (d || []).forEach(function (p) {
      if (months.indexOf(p.month) < 0) { months.push(p.month); }
      (mats[p.material] = mats[p.material] || {})[p.month] = p.closing;
    });
    months.sort();
    return { tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 }, grid: { left: 64, right: 16, top: 56, bottom: 32 },
      xAxis: { type: "category", data: months }, yAxis: { type: "value", name: zh ? "千克" : "kg", nameGap: 12 },
      series: Object.keys(mats).map(function (m) { return { name: m, type: "line", data: months.map(function (x) { return mats[m][x] || 0; }) }; }) };
  }
  function graph(d) {
    var nodes = (d.nodes || []).map(function (n) {
      var flagged = (n.listed && n.listed.length) || n.military;
      return { id: n.id, name: n.name, value: n.kind, symbolSize: n.id === d.center ? 28 : 16,
        itemStyle: { color: flagged ? colors.red : (n.kind === "enterprise" ? "#1d4e89" : "#607d8b") } };
    });
    var links = (d.edges || []).map(function (e) { return { source: e.a, target: e.b, label: { show: true, formatter: e.reason } }; });
    return { tooltip: {}, series: [{ type: "graph", layout: "force", roam: true, draggable: true, label: { show: true, position: "right" },
      force: { repulsion: 240, edgeLength: 120 }, data: nodes, links: links }] };
  }
  function exports(d) {
    var marks = (d.marks || []).filter(function (m) { return d.months.indexOf(m.month) >= 0; })
      .map(function (m) { return { xAxis: m.month, label: { formatter: m.label, rotate: 90, fontSize: 9 } }; });
    var series = (d.series || []).map(function (s, i) {
      var o = { name: s.name, type: "line", stack: "t", areaStyle: {}, symbol: "none", data: s.data };
      if (i === 0 && marks.length) { o.markLine = { symbol: "none", lineStyle: { color: colors.red, type: "dashed" }, data: marks }; }
      return o;
    });
    return { tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 }, grid: { left: 56, right: 16, top: 56, bottom: 32 },
      xAxis: { type: "category", data: d.months || [] }, yAxis: { type: "value", name: zh ? "吨" : "t", nameGap: 12 }, series: series };
  }
  function sankey(d) {
    var links = d.links || [];
    return { tooltip: {}, series: [{ type: "sankey", emphasis: { focus: "adjacency" }, nodeGap: 10,
      data: Array.from(new Set(links.flatMap(function (l) { return [l.source, l.target]; }))).map(function (n) { return { name: n }; }),
      links: links, lineStyle: { color: "gradient", curveness: 0.5 } }] };
  }
  // Clicking an enterprise in the Sankey opens its page.
  var clicks = {
    sankey: function (chart, d) {
      chart.on("click", function (p) {
        var id = p.dataType === "node" && (d.ids || {})[p.name];
        if (id) { window.location.href = "/enterprises/" + encodeURIComponent(id); }
      });
    }
  };
  var builders = { bar: bar, line: line, pie: pie, gap: gap, books: books, graph: graph, exports: exports, sankey: sankey };
  // A chart is drawn only in a box with room: ECharts lays a Sankey out in
  // a zero-sized box by inverting a singular matrix and throws (a window
  // shrunk to nothing, a page being captured beyond its viewport). A chart
  // without room waits and is drawn, or resized, when the room comes back.
  var charts = [];
  function roomy(el) { return el.isConnected && el.clientWidth > 0 && el.clientHeight > 0; }
  function drawOne(c) {
    var el = c.el;
    if (!roomy(el)) { return; }
    if (c.chart) { c.chart.resize(); return; }
    c.chart = echarts.init(el, null, { renderer: "canvas" });
    var option = c.build(c.data);
    // No entrance animation: charts are read, not watched (and
    // reduced-motion readers and screenshots see the final picture).
    option.animation = false;
    c.chart.setOption(option);
    if (clicks[el.dataset.chart]) { clicks[el.dataset.chart](c.chart, c.data); }
    el.dataset.drawn = "true";
  }
  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = data(el), build = builders[el.dataset.chart];
      if (!d || !build || (Array.isArray(d) && d.length === 0) || (d.links && d.links.length === 0)) { return; }
      var c = { el: el, data: d, build: build, chart: null };
      charts.push(c);
      drawOne(c);
    });
    // One redraw a frame however many resize events arrive in it.
    var queued = false;
    window.addEventListener("resize", function () {
      if (queued) { return; }
      queued = true;
      window.requestAnimationFrame(function () { queued = false; charts.forEach(drawOne); });
    });
  }
  // The alert queue follows new and changed alerts (server-sent events
  // from /alerts/stream): each goes to the top of the table, marked, and
  // the live line counts them. Text only, never markup from the server.
  function live() {
    var box = document.getElementById("live"), body = document.querySelector("#queue tbody");
    if (!box || !body || !box.dataset.stream || typeof EventSource === "undefined") { return; }
    var seen = {}, n = 0, zh = box.dataset.zh === "true";
    var es = new EventSource(box.dataset.stream);
    es.addEventListener("alert", function (ev) {
      var a;
      try { a = JSON.parse(ev.data); } catch (e) { return; }
      // A row already shown keeps its selection box, checked or not: the
      // officer may have ticked it for a bulk action. A new row gets one
      // where the queue's rows have them (the user may triage).
      var old = document.getElementById("row-" + a.id), pick = null;
      if (old) { pick = old.firstElementChild; old.remove(); }
      if (!pick && body.querySelector('input[name="id"]')) {
        pick = document.createElement("td");
        var box2 = document.createElement("input");
        box2.type = "checkbox"; box2.name = "id"; box2.value = a.id; box2.id = "sel-" + a.id;
        box2.setAttribute("aria-label", a.id);
        pick.appendChild(box2);
      }
      var tr = document.createElement("tr");
      tr.id = "row-" + a.id;
      tr.className = "fresh";
      var band = a.score >= 90 ? "red" : (a.score >= 50 ? "yellow" : "green"); // the template's channel
      var cells = [null, null, a.code, null, a.province || "", a.status, zh ? a.summary_zh : a.summary];
      cells.forEach(function (text, i) {
        var td = document.createElement("td");
        if (i === 0 && pick) {
          tr.appendChild(pick);
          return;
        }
        if (i === 1) {
          var s = document.createElement("span");
          s.className = "score " + band;
          s.textContent = a.score;
          td.appendChild(s);
        } else if (i === 3) {
          var link = document.createElement("a");
          link.href = "/alerts/" + encodeURIComponent(a.id);
          link.textContent = a.subject_id;
          td.appendChild(link);
        } else if (text !== null) {
          td.textContent = text;
        }
        tr.appendChild(td);
      });
      body.insertBefore(tr, body.firstChild);
      if (!seen[a.id]) { seen[a.id] = true; n++; }
      box.querySelector("span").textContent = box.dataset.msg.replace("%d", n);
      box.hidden = false;
    });
  }
  function start() { draw(); live(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
