/* paperkg views, shared part: data loading, search, tables, filters and graphs.
 * Data comes from data/*.js files (paperkg.receive(name, value)); every piece of text
 * is put into the page with textContent, never as HTML, and links are checked. */
(function () {
  "use strict";
  const store = {};
  const waiting = {};
  const body = document.body;
  const styles = JSON.parse(body.dataset.styles || "{}");

  function receive(name, value) {
    store[name] = value;
    (waiting[name] || []).forEach(function (done) { done[0](value); });
    delete waiting[name];
  }

  /* The data file data/NAME.js, once, as a promise (script elements work from file://). */
  function load(name) {
    if (store[name]) return Promise.resolve(store[name]);
    return new Promise(function (resolve, reject) {
      const first = !waiting[name];
      (waiting[name] = waiting[name] || []).push([resolve, reject]);
      if (!first) return;
      const script = document.createElement("script");
      script.src = "data/" + name + ".js";
      script.onerror = function () {
        (waiting[name] || []).forEach(function (done) {
          done[1](new Error("cannot load data/" + name + ".js"));
        });
        delete waiting[name];
      };
      document.head.appendChild(script);
    });
  }

  /* The shard holding a record: FNV-1a of the id, as paperkg/export/views.py computes it. */
  function shard(prefix, id) {
    const count = Number(body.dataset[prefix === "p" ? "paperShards" : "conceptShards"]) || 1;
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) {
      hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
    }
    return prefix + "-" + String(hash % count).padStart(3, "0");
  }

  function record(prefix, id) {
    return load(shard(prefix, id)).then(function (records) {
      return Object.prototype.hasOwnProperty.call(records, id) ? records[id] : null;
    });
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeHref(href) {
    return typeof href === "string" &&
      /^(https?:\/\/|(paper|concept|index|graph)\.html(#|$))/.test(href);
  }

  function link(href, text, className) {
    const a = el("a", text, className);
    if (safeHref(href)) a.href = href;
    return a;
  }

  const paperHref = function (id) { return "paper.html#" + encodeURIComponent(id); };
  const conceptHref = function (id) { return "concept.html#" + encodeURIComponent(id); };
  const irregular = {community: "communities", match: "matches"};
  const plural = function (n, noun) {
    return Number(n).toLocaleString("en") + " " + (n === 1 ? noun : irregular[noun] || noun + "s");
  };
  const hashId = function () { return decodeURIComponent(location.hash.slice(1)); };

  /* Text with its http(s) URLs as links. */
  function linkedText(text, into) {
    const pattern = /https?:\/\/[^\s<>"'()\]]*[^\s<>"'().,;:!?\]]/g;
    let last = 0;
    let found;
    while ((found = pattern.exec(text)) !== null) {
      into.appendChild(document.createTextNode(text.slice(last, found.index)));
      into.appendChild(link(found[0], found[0]));
      last = found.index + found[0].length;
    }
    into.appendChild(document.createTextNode(text.slice(last)));
    return into;
  }

  /* A term and its value in a page's list of facts (a node or text). */
  function facts() {
    const list = el("dl", null, "facts");
    return {list: list, add: function (name, value) {
      list.appendChild(el("dt", name));
      const dd = el("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = value;
      list.appendChild(dd);
    }};
  }

  /* A page of one record (paper.html#ID, concept.html#ID): loads the record of the
   * address, says so when there is none, and draws it again when the address changes.
   * ``draw(id, record, parts, fact)`` adds to ``parts`` (the heading, named by
   * ``nameOf(record)``, and the facts list) and to the facts. */
  function recordPage(prefix, noun, article, nameOf, draw) {
    function done() { body.dataset.ready = body.dataset.stabilized = "true"; }
    function render() {
      const id = hashId();
      if (!id) {
        article.replaceChildren(el("p", "No " + noun + " chosen: search for one above.", "note"));
        done();
        return;
      }
      record(prefix, id).then(function (value) {
        if (!value) {
          article.replaceChildren(el("p", "No " + noun + " with the id “" + id + "” in this build.", "error"));
          done();
          return;
        }
        document.title = nameOf(value) + " · paperkg";
        const list = facts();
        const parts = [el("h1", nameOf(value)), list.list];
        draw(id, value, parts, list.add);
        article.replaceChildren.apply(article, parts);
        body.dataset.ready = "true";
      }).catch(function (error) { failed(article, error); });
    }
    window.addEventListener("hashchange", render);
    render();
  }

  /* ---- listing filter: a page, or the week up to the newest listing ---- */
  function ordinal(day) {  // a day key (yyyymmdd, year 0 when unknown) as a day count
    return Math.floor(day / 10000) * 372 + Math.floor(day / 100) % 100 * 31 + day % 100;
  }

  function pagesChosen(index, value) {
    if (value === "" || value === undefined) return null;
    if (value === "week") {
      const dated = index.pages.filter(function (p) { return p.day > 0; });
      if (!dated.length) return new Set();
      const newest = Math.max.apply(null, dated.map(function (p) { return ordinal(p.day); }));
      return new Set(index.pages.map(function (p, i) { return [p, i]; })
        .filter(function (pi) { return pi[0].day > 0 && newest - ordinal(pi[0].day) < 7; })
        .map(function (pi) { return pi[1]; }));
    }
    return new Set([Number(value)]);
  }

  function onPages(listed, chosen) {
    return chosen === null || listed.some(function (page) { return chosen.has(page); });
  }

  /* ---- search: every paper, concept and alias, by prefix, word and substring ---- */
  let entries = null;
  function searchEntries(index) {
    if (entries) return entries;
    entries = [];
    index.papers.forEach(function (p) {
      entries.push([p[1].toLowerCase(), p[1], "paper" + (p[2] ? ", " + p[2] : ""), paperHref(p[0])]);
    });
    index.concepts.forEach(function (c) {
      const kind = c[2] + ", " + plural(c[4], "paper");
      entries.push([c[1].toLowerCase(), c[1], kind, conceptHref(c[0])]);
      c[3].forEach(function (alias) {
        entries.push([alias.toLowerCase(), c[1], kind + ", written “" + alias + "”", conceptHref(c[0])]);
      });
    });
    return entries;
  }

  function search(query, limit) {
    const q = query.trim().toLowerCase();
    if (!q || !entries) return {matches: [], total: 0};
    const ranked = [[], [], []];
    const seen = new Set();
    for (const entry of entries) {
      const at = entry[0].indexOf(q);
      if (at < 0) continue;
      const rank = at === 0 ? 0 : /[\s\-(/]/.test(entry[0][at - 1]) ? 1 : 2;
      ranked[rank].push(entry);
    }
    const matches = [];
    let total = 0;
    for (const group of ranked) {
      group.sort(function (a, b) { return a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1); });
      for (const entry of group) {
        if (seen.has(entry[3])) continue;
        seen.add(entry[3]);
        total++;
        if (matches.length < limit) matches.push(entry);
      }
    }
    return {matches: matches, total: total};
  }

  function setupSearch() {
    const box = document.getElementById("search");
    const list = document.getElementById("suggestions");
    const status = document.getElementById("search-status");
    if (!box) return;
    let active = -1;
    let shown = [];
    function ready() {
      if (entries) return Promise.resolve(entries);
      status.textContent = "Loading the search index…";
      return load("index").then(function (index) { status.textContent = ""; return searchEntries(index); });
    }
    function render() {
      const found = search(box.value, 12);
      shown = found.matches;
      active = -1;
      list.replaceChildren();
      shown.forEach(function (entry, i) {
        const item = el("li", null, "suggestion");
        item.id = "suggestion-" + i;
        item.setAttribute("role", "option");
        item.appendChild(link(entry[3], entry[1]));
        item.appendChild(el("span", " " + entry[2], "note"));
        list.appendChild(item);
      });
      const open = shown.length > 0;
      list.hidden = !open;
      box.setAttribute("aria-expanded", String(open));
      if (!box.value.trim()) status.textContent = "";
      else if (!found.total) status.textContent = "No paper, concept or alias matches “" + box.value.trim() + "”.";
      else status.textContent = plural(found.total, "match") +
        (found.total > shown.length ? "; the first " + shown.length + " shown" : "");
    }
    function move(step) {
      if (!shown.length) return;
      active = (active + step + shown.length) % shown.length;
      list.querySelectorAll("li").forEach(function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
      box.setAttribute("aria-activedescendant", "suggestion-" + active);
    }
    function go(i) {
      if (!shown.length) { render(); return; }
      location.href = shown[Math.max(i, 0)][3];
      list.hidden = true;
    }
    box.addEventListener("focus", ready);
    box.addEventListener("input", function () { ready().then(render); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
      else if (event.key === "Enter") { ready().then(function () { if (!shown.length) render(); go(active); }); event.preventDefault(); }
      else if (event.key === "Escape") { list.hidden = true; box.setAttribute("aria-expanded", "false"); }
    });
  }

  /* ---- tables: sortable by any column, paged ---- */
  function table(container, spec) {
    const size = spec.pageSize || 25;
    let rows = spec.rows;
    let sortColumn = spec.sortBy || 0;
    let descending = Boolean(spec.descending);
    let page = 0;
    let filter = "";
    const tools = el("div", null, "table-tools");
    const status = el("span", null, "note");
    const previous = el("button", "‹ previous");
    const next = el("button", "next ›");
    previous.type = next.type = "button";
    let box = null;
    if (spec.filterable) {
      box = el("input");
      box.type = "search";
      box.placeholder = "filter these rows";
      box.setAttribute("aria-label", "filter the rows of " + (spec.label || "this table"));
      box.addEventListener("input", function () { filter = box.value.trim().toLowerCase(); page = 0; draw(); });
      tools.appendChild(box);
    }
    tools.append(previous, next, status);
    const grid = el("table", null, "data");
    if (spec.label) grid.setAttribute("aria-label", spec.label);
    const head = el("thead");
    const headRow = el("tr");
    const tbody = el("tbody");
    spec.columns.forEach(function (column, i) {
      const th = el("th");
      const button = el("button", column.title, "sort");
      button.type = "button";
      button.addEventListener("click", function () {
        descending = sortColumn === i ? !descending : Boolean(column.numeric);
        sortColumn = i;
        page = 0;
        draw();
      });
      th.appendChild(button);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    grid.append(head, tbody);
    container.replaceChildren(tools, grid);
    previous.addEventListener("click", function () { page--; draw(); });
    next.addEventListener("click", function () { page++; draw(); });
    function draw() {
      const column = spec.columns[sortColumn];
      let chosen = filter ? rows.filter(function (row) { return spec.text(row).toLowerCase().includes(filter); }) : rows.slice();
      chosen.sort(function (a, b) {
        const x = column.key(a);
        const y = column.key(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      const pages = Math.max(1, Math.ceil(chosen.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      tbody.replaceChildren();
      chosen.slice(page * size, page * size + size).forEach(function (row) {
        const tr = el("tr");
        spec.columns.forEach(function (c) {
          const td = el("td");
          const cell = c.cell(row);
          if (cell instanceof Node) td.appendChild(cell); else td.textContent = String(cell);
          if (c.numeric) td.className = "number";
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      headRow.querySelectorAll("th").forEach(function (th, i) {
        th.setAttribute("aria-sort", i === sortColumn ? (descending ? "descending" : "ascending") : "none");
      });
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
      status.textContent = chosen.length
        ? "rows " + (page * size + 1).toLocaleString("en") + "–" +
          Math.min(chosen.length, page * size + size).toLocaleString("en") + " of " +
          chosen.length.toLocaleString("en")
        : (spec.empty || "no rows");
      container.dataset.rows = String(chosen.length);
    }
    draw();
    return {update: function (newRows) { rows = newRows; page = 0; draw(); }};
  }

  /* ---- graphs: vis-network with a legend by shape and colour, zoom buttons, a
   * details panel that stays (its links can be reached) and highlighting ---- */
  const grey = "rgba(190,190,190,0.35)";
  const relationColours = {proposes: "#D55E00", uses: "#8a8a8a", evaluatedOn: "#009E73",
    addresses: "#0072B2", hasCode: "#000000", hasProjectPage: "#666666", broader: "#CC79A7",
    "named with": "#8a8a8a"};

  function shapeIcon(group) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("aria-hidden", "true");
    const style = styles[group] || ["#777", "dot"];
    const shapes = {
      square: "M2 2H12V12H2Z", dot: "M7 1.5A5.5 5.5 0 1 0 7.01 1.5Z", triangle: "M7 1L13 12H1Z",
      diamond: "M7 1L13 7L7 13L1 7Z", hexagon: "M4 1.5H10L13 7L10 12.5H4L1 7Z",
      star: "M7 1L8.8 5.2L13 5.5L9.8 8.3L10.8 12.8L7 10.4L3.2 12.8L4.2 8.3L1 5.5L5.2 5.2Z",
      triangleDown: "M1 2H13L7 13Z",
    };
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", shapes[style[1]] || shapes.dot);
    path.setAttribute("fill", style[0]);
    svg.appendChild(path);
    return svg;
  }

  function describe(node, into) {
    into.replaceChildren();
    if (!node) {
      into.appendChild(el("p", "Click a node for its details; double-click opens its page.", "note"));
      return;
    }
    into.appendChild(el("strong", node.full || node.label));
    into.appendChild(el("div", node.kindText || node.kind, "note"));
    if (node.href) into.appendChild(link(node.href, node.kind === "community" ? "open this community" :
      /^https?:/.test(node.href) ? node.href : "open its page"));
  }

  /* A node with its group's colour and shape, a plain-text tooltip and a short label. */
  function styled(n) {  // "kind", not vis' "group", whose own palette would win
    const style = styles[n.kind || n.group] || ["#4d4d4d", "dot"];
    const node = Object.assign({color: style[0], shape: style[1], base: style[0],
      title: (n.full || n.label) + " (" + (n.kindText || n.kind || n.group) + ")"}, n,
      {label: n.label.length > 32 ? n.label.slice(0, 30) + "…" : n.label, full: n.full || n.label,
        kind: n.kind || n.group});
    delete node.group;
    return node;
  }

  const networks = new WeakMap();  // the network drawn in each graph panel

  function graph(side, nodes, edges, options) {
    options = options || {};
    if (networks.has(side)) networks.get(side).destroy();
    const container = side.querySelector(".network");
    const details = side.querySelector(".details");
    const legend = side.querySelector(".legend");
    const hidden = new Set();
    const data = new vis.DataSet(nodes.map(styled));
    const links = new vis.DataSet(edges.map(function (e, i) {
      const colour = relationColours[e.relation] || "#8a8a8a";
      return {id: "e" + i, from: e.from, to: e.to, title: e.relation, base: colour,
        color: {color: colour, highlight: colour}, width: e.width || (e.relation === "proposes" ? 2.5 : 1),
        dashes: e.relation === "broader", arrows: e.relation === "named with" ? "" : "to"};
    }));
    const view = new vis.DataView(data, {filter: function (n) {
      return !hidden.has(n.kind) && !(options.hide && options.hide(n));
    }});
    const physics = {solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -45, springLength: 90, avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: options.iterations || 200, updateInterval: 50, fit: true}};
    const network = new vis.Network(container, {nodes: view, edges: links}, {
      nodes: {font: {size: 13, strokeWidth: 3, strokeColor: "#ffffff"},
        scaling: {min: 8, max: 34, label: {enabled: true, min: 11, max: 22, drawThreshold: 7}}},
      edges: {smooth: false, arrows: {to: {scaleFactor: 0.4}}},
      physics: physics,
      interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: true,
        keyboard: {enabled: true, bindToWindow: false}, navigationButtons: false},
      layout: {randomSeed: 7, improvedLayout: nodes.length <= 150},
    });
    function stabilized() {
      network.setOptions({physics: false});
      keepPositions();
      body.dataset.stabilized = "true";
    }
    network.once("stabilizationIterationsDone", stabilized);
    if (!nodes.length) body.dataset.stabilized = "true";
    let selected = null;
    function highlight(id) {
      selected = id;
      const keep = id === null ? null : new Set(network.getConnectedNodes(id).concat([id]));
      data.update(data.get().map(function (n) {
        return {id: n.id, color: keep === null || keep.has(n.id) ? n.base : grey};
      }));
      links.update(links.get().map(function (e) {
        const on = id === null || e.from === id || e.to === id;
        return {id: e.id, color: {color: on ? e.base : grey, highlight: e.base}};
      }));
      describe(id === null ? null : data.get(id), details);
    }
    describe(null, details);
    network.on("click", function (event) {
      const id = event.nodes.length ? event.nodes[0] : null;
      if (options.onClick && id !== null && options.onClick(data.get(id))) return;
      highlight(id);
    });
    network.on("doubleClick", function (event) {
      const n = event.nodes.length ? data.get(event.nodes[0]) : null;
      if (n && n.href && safeHref(n.href)) location.href = n.href;
    });
    /* Show what the filters let through; ``change`` alters the filters after the
     * drawn nodes' positions are kept, so that nodes shown again come back there. */
    function keepPositions() {  // vis' storePositions fails once a node is filtered out
      const at = network.getPositions();
      data.update(Object.keys(at).map(function (id) { return {id: id, x: at[id].x, y: at[id].y}; }));
    }
    function refresh(change) {
      keepPositions();
      if (change) change();
      view.refresh();
      drawLegend();
      if (selected !== null) highlight(view.get(selected) ? selected : null);
    }
    function setGroupVisible(group, visible) {
      refresh(function () { if (visible) hidden.delete(group); else hidden.add(group); });
      const box = legend && legend.querySelector('input[data-group="' + group + '"]');
      if (box) box.checked = visible;
    }
    function drawLegend() {  // the kinds the graph holds, in the palette's order
      if (!legend) return;
      const kinds = new Set(data.get().map(function (n) { return n.kind; }));
      legend.replaceChildren();
      Object.keys(styles).filter(function (kind) { return kinds.has(kind); }).forEach(function (kind) {
        const label = el("label", null, "legend-item");
        const box = el("input");
        box.type = "checkbox";
        box.checked = !hidden.has(kind);
        box.dataset.group = kind;
        box.addEventListener("change", function () { setGroupVisible(kind, box.checked); });
        label.append(box, shapeIcon(kind), document.createTextNode(" " + kind.replace("-", " ")));
        legend.appendChild(label);
      });
    }
    drawLegend();
    if (!side.dataset.zoomBound) {
      side.dataset.zoomBound = "true";
      side.querySelectorAll("button[data-zoom]").forEach(function (button) {
        button.addEventListener("click", function () {
          const current = networks.get(side);
          const how = button.dataset.zoom;
          if (how === "fit") current.fit({animation: false});
          else current.moveTo({scale: current.getScale() * (how === "in" ? 1.4 : 1 / 1.4)});
        });
      });
    }
    networks.set(side, network);
    const api = {network: network, nodes: data, edges: links, view: view, highlight: highlight,
      setGroupVisible: setGroupVisible, refresh: refresh};
    window.paperkg.graph = api;
    return api;
  }

  function failed(into, error) {
    into.replaceChildren(el("p", String(error && error.message || error), "error"));
  }

  window.paperkg = {receive: receive, load: load, record: record, el: el, link: link,
    paperHref: paperHref, conceptHref: conceptHref, plural: plural, hashId: hashId,
    linkedText: linkedText, facts: facts, recordPage: recordPage, pagesChosen: pagesChosen, onPages: onPages, table: table,
    drawGraph: graph, styled: styled, search: function (q) { return load("index").then(function (index) {
      searchEntries(index); return search(q, 12); }); }, failed: failed};
  setupSearch();
})();
