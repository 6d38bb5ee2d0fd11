/* stackgraph's graph viewer: pan/zoom, search, filters, highlight, details. No library, no network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sg-data").textContent);
  var root = document.getElementById("sg-graph");
  var svg = root.querySelector("svg");
  var panel = document.getElementById("sg-details");
  var search = document.getElementById("sg-search");
  var found = document.getElementById("sg-found");
  var nodes = data.nodes;
  var edges = data.edges;
  var index = {};
  var needs = nodes.map(function () { return []; });
  var users = nodes.map(function () { return []; });
  var selected = -1;

  nodes.forEach(function (n, i) {
    index[n.id] = i;
    n.el = document.getElementById("sg_n" + i);
    if (n.el) {
      n.el.setAttribute("data-stack", n.id);
      n.el.classList.add("sg-" + n.kind);
      if (n.status) { n.el.classList.add("sg-st-" + n.status); }
    }
  });
  edges.forEach(function (e, j) {
    needs[e.from].push(j);
    users[e.to].push(j);
    e.el = document.getElementById("sg_e" + j);
  });

  /* ---- pan and zoom: the SVG's viewBox is the camera ---- */
  var home = svg.viewBox.baseVal;
  var full = { x: home.x, y: home.y, w: home.width, h: home.height };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  (function () {  /* a small graph is shown at most 1.5 times its size, centred, not blown up */
    var k = Math.min(svg.clientWidth / full.w, svg.clientHeight / full.h) / 1.5;
    if (k > 1) {
      var w = full.w * k, h = full.h * k;
      full = { x: full.x - (w - full.w) / 2, y: full.y - (h - full.h) / 2, w: w, h: h };
    }
  })();
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  apply();
  function toGraph(cx, cy) {
    var p = svg.createSVGPoint();
    p.x = cx; p.y = cy;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(cx, cy, factor) {
    var p = toGraph(cx, cy);
    var w = Math.min(Math.max(view.w * factor, full.w / 400), full.w * 4);
    var k = w / view.w;
    view.x = p.x - (p.x - view.x) * k;
    view.y = p.y - (p.y - view.y) * k;
    view.w *= k; view.h *= k;
    apply();
  }
  function fit() { view = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    zoomAt(ev.clientX, ev.clientY, Math.exp(ev.deltaY * 0.0015));
  }, { passive: false });
  var drag = null, dragged = false;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0) { return; }
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    dragged = false;
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag || !(ev.buttons & 1)) { return; }
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!drag.moved) { drag.moved = true; svg.setPointerCapture(ev.pointerId); root.classList.add("sg-dragging"); }
    var scale = svg.getScreenCTM().a;
    view.x = drag.vx - dx / scale;
    view.y = drag.vy - dy / scale;
    apply();
  });
  function endDrag() {
    root.classList.remove("sg-dragging");
    dragged = !!(drag && drag.moved);
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  function centerOn(i) {
    var r = nodes[i].el.getBoundingClientRect(), box = svg.getBoundingClientRect();
    var inside = r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    if (inside && r.width >= 40) { return; }  /* in sight and readable: leave the view alone */
    var c = toGraph(r.left + r.width / 2, r.top + r.height / 2);
    var readable = svg.clientWidth * 1.2;  /* about 1 px per point: labels can be read */
    if (view.w > readable) { view.h *= readable / view.w; view.w = readable; }
    view.x = c.x - view.w / 2;
    view.y = c.y - view.h / 2;
    apply();
  }

  /* ---- highlight: a stack, everything it needs, everything that needs it ---- */
  function reach(start, out, key) {
    var seen = {}, todo = [start], marked = [];
    while (todo.length) {
      var i = todo.pop();
      out[i].forEach(function (j) {
        var e = edges[j], next = e[key];
        marked.push(j);
        if (!seen[next]) { seen[next] = true; todo.push(next); }
      });
    }
    return { nodes: Object.keys(seen).map(Number), edges: marked };
  }
  function clear() {
    root.classList.remove("sg-focus");
    Array.prototype.forEach.call(root.querySelectorAll(".sg-sel,.sg-up,.sg-down"), function (el) {
      el.classList.remove("sg-sel", "sg-up", "sg-down");
    });
    selected = -1;
    panel.textContent = "";
    panel.appendChild(el("p", "sg-hint", "Click a stack to see what it needs and what needs it."));
  }
  function select(i, center) {
    clear();
    selected = i;
    var up = reach(i, needs, "to"), down = reach(i, users, "from");
    root.classList.add("sg-focus");
    mark(up, "sg-up");
    mark(down, "sg-down");
    if (nodes[i].el) { nodes[i].el.classList.add("sg-sel"); }
    if (center && nodes[i].el) { centerOn(i); }
    details(i, up.nodes.length, down.nodes.length);
  }
  function mark(set, cls) {
    set.nodes.forEach(function (k) { if (nodes[k].el) { nodes[k].el.classList.add(cls); } });
    set.edges.forEach(function (j) { if (edges[j].el) { edges[j].el.classList.add(cls); } });
  }
  svg.addEventListener("click", function (ev) {
    if (dragged) { dragged = false; return; }
    var g = ev.target.closest ? ev.target.closest("g.node") : null;
    var id = g && g.getAttribute("data-stack");
    if (id !== null && id !== undefined && index[id] !== undefined) { select(index[id], false); } else { clear(); }
  });

  /* ---- the side panel ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function row(dl, key, value) {
    dl.appendChild(el("dt", "", key));
    dl.appendChild(el("dd", "", value === "" || value === null || value === undefined ? "-" : String(value)));
  }
  function link(i) {
    var b = el("button", "sg-link", nodes[i].id);
    b.type = "button";
    b.addEventListener("click", function () { select(i, true); });
    return b;
  }
  function evidence(e) {
    var ul = el("ul", "sg-evidence");
    (e.evidence.length ? e.evidence : [null]).forEach(function (ev) {
      var li = el("li");
      if (!ev) { li.textContent = "implied by the full graph (" + e.kind + ")"; ul.appendChild(li); return; }
      li.appendChild(el("span", "sg-kind", ev.kind));
      li.appendChild(el("code", "", ev.line ? ev.file + ":" + ev.line : ev.file));
      if (ev.detail) { li.appendChild(el("span", "sg-detail", ev.detail)); }
      ul.appendChild(li);
    });
    return ul;
  }
  function listEdges(title, list, key) {
    var box = el("section");
    box.appendChild(el("h3", "", title + " (" + list.length + ")"));
    list.forEach(function (j) {
      var e = edges[j], item = el("div", "sg-dep");
      item.appendChild(link(e[key]));
      item.appendChild(el("span", "sg-kind", e.kind));
      item.appendChild(evidence(e));
      box.appendChild(item);
    });
    return box;
  }
  function details(i, nUp, nDown) {
    var n = nodes[i];
    panel.textContent = "";
    panel.appendChild(el("h2", "", n.id));
    var dl = el("dl");
    row(dl, "kind", n.kind);
    if (n.status) { row(dl, "status", n.status + (n.note ? ": " + n.note : "")); }
    row(dl, "project", n.project);
    row(dl, "environment", n.env);
    row(dl, "level", n.level);
    row(dl, "stack file", n.file);
    row(dl, "tags", n.tags.join(", "));
    row(dl, "needs (all)", nUp);
    row(dl, "needed by (all)", nDown);
    panel.appendChild(dl);
    panel.appendChild(listEdges("Needs", needs[i], "to"));
    panel.appendChild(listEdges("Needed by", users[i], "from"));
  }

  /* ---- search by id ---- */
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var out = [];
    nodes.forEach(function (n, i) { if (n.id.toLowerCase().indexOf(q) >= 0) { out.push(i); } });
    return out;
  }
  function onSearch(go) {
    Array.prototype.forEach.call(root.querySelectorAll(".sg-hit"), function (e) { e.classList.remove("sg-hit"); });
    var q = search.value, hits = matches(q);
    hits.forEach(function (i) { if (nodes[i].el) { nodes[i].el.classList.add("sg-hit"); } });
    found.textContent = q.trim() ? hits.length + (hits.length === 1 ? " match" : " matches") : "";
    var exact = index[q.trim()];
    var pick = exact !== undefined ? exact : (hits.length === 1 || (go && hits.length) ? hits[0] : -1);
    if (pick >= 0 && (go || exact !== undefined)) { select(pick, true); }
  }
  search.addEventListener("input", function () { onSearch(false); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { onSearch(true); } });

  /* ---- filters: environment, project, tag ---- */
  var filters = { env: "", project: "", tag: "" };
  function fill(name, values) {
    var sel = document.getElementById("sg-filter-" + name);
    values.forEach(function (v) { var o = el("option", "", v); o.value = v; sel.appendChild(o); });
    sel.addEventListener("change", function () { filters[name] = sel.value; refilter(); });
  }
  function uniq(f) {
    var s = {};
    nodes.forEach(function (n) { f(n).forEach(function (v) { s[v] = true; }); });
    return Object.keys(s).sort();
  }
  function keep(n) {
    return (!filters.env || n.env === filters.env) && (!filters.project || n.project === filters.project) &&
      (!filters.tag || n.tags.indexOf(filters.tag) >= 0);
  }
  function refilter() {
    var shown = 0;
    nodes.forEach(function (n) {
      n.out = !keep(n);
      if (!n.out) { shown += 1; }
      if (n.el) { n.el.classList.toggle("sg-out", n.out); }
    });
    edges.forEach(function (e) { if (e.el) { e.el.classList.toggle("sg-out", nodes[e.from].out || nodes[e.to].out); } });
    document.getElementById("sg-shown").textContent = shown + " of " + nodes.length + " stacks";
  }
  fill("env", uniq(function (n) { return n.kind === "stack" ? [n.env] : []; }));
  fill("project", uniq(function (n) { return n.kind === "stack" ? [n.project] : []; }));
  fill("tag", uniq(function (n) { return n.tags; }));
  var ids = document.getElementById("sg-ids");
  nodes.forEach(function (n) { var o = el("option"); o.value = n.id; ids.appendChild(o); });

  document.getElementById("sg-fit").addEventListener("click", fit);
  document.getElementById("sg-zoom-in").addEventListener("click", function () {
    var r = svg.getBoundingClientRect(); zoomAt(r.left + r.width / 2, r.top + r.height / 2, 1 / 1.4);
  });
  document.getElementById("sg-zoom-out").addEventListener("click", function () {
    var r = svg.getBoundingClientRect(); zoomAt(r.left + r.width / 2, r.top + r.height / 2, 1.4);
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clear(); } });

  refilter();
  clear();
  var want = decodeURIComponent((location.hash.match(/^#stack=(.*)$/) || ["", ""])[1]);
  if (want && index[want] !== undefined) { select(index[want], true); }
  root.setAttribute("data-ready", String(nodes.length));
})();
