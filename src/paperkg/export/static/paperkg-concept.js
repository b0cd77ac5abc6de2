/* A concept's page (concept.html#ID): type, aliases, broader and narrower concepts,
 * all its papers in a paged, sortable table, its papers over time and the concepts
 * named together with it, per type, with counts; and its graph. */
(function () {
  "use strict";
  const k = window.paperkg;
  const article = document.getElementById("concept");
  const side = document.querySelector(".graph-side");
  const relationWords = {proposes: "proposes", uses: "uses", evaluatedOn: "evaluated on",
    addresses: "addresses"};
  const togetherTitles = {method: "Methods", architecture: "Architectures", dataset: "Datasets",
    task: "Tasks"};

  function conceptList(items) {
    const list = k.el("span");
    items.forEach(function (item, i) {
      if (i) list.appendChild(document.createTextNode(", "));
      list.appendChild(k.link(k.conceptHref(item[0]), item[1]));
    });
    return list;
  }

  function timeline(concept) {
    const box = k.el("div", null, "timeline");
    box.setAttribute("role", "list");
    const most = Math.max.apply(null, concept.timeline.map(function (t) { return t[1]; }));
    concept.timeline.forEach(function (t) {
      const row = k.el("div", null, "bar-row");
      row.setAttribute("role", "listitem");
      const bar = k.el("span", null, "bar");
      bar.style.width = Math.max(2, Math.round(100 * t[1] / most)) + "%";
      row.append(k.el("span", t[0], "bar-label"), k.el("span", null, "bar-track"),
        k.el("span", k.plural(t[1], "paper"), "bar-value"));
      row.querySelector(".bar-track").appendChild(bar);
      box.appendChild(row);
    });
    return box;
  }

  k.recordPage("c", "concept", article, function (concept) { return concept.label; },
    function (id, concept, parts, fact) {
    fact("Type", concept.type);
    fact("Named by", k.plural(concept.papers.length, "paper"));
    if (concept.aliases.length) fact("Also written", concept.aliases.join(", "));
    if (concept.broader.length) fact("Broader", conceptList(concept.broader));
    if (concept.narrower.length) fact("Narrower", conceptList(concept.narrower));
    fact("IRI", k.link(concept.iri, concept.iri));
    parts.push(k.el("h2", "Papers over time"));
    parts.push(timeline(concept));
    parts.push(k.el("h2", "Papers naming it (" + concept.papers.length.toLocaleString("en") + ")"));
    const papers = k.el("div", null, "concept-papers");
    parts.push(papers);
    parts.push(k.el("h2", "Named together with it"));
    if (!concept.together.length) parts.push(k.el("p", "No other concept is named by its papers.", "note"));
    const together = k.el("div", null, "together");
    concept.together.forEach(function (group) {
      const box = k.el("section", null, "together-type");
      box.dataset.type = group[0];
      box.appendChild(k.el("h3", togetherTitles[group[0]] + " its papers name (papers)"));
      const list = k.el("ol");
      group[1].forEach(function (other) {
        const item = k.el("li");
        item.append(k.link(k.conceptHref(other[0]), other[1]), document.createTextNode(" (" + other[2] + ")"));
        list.appendChild(item);
      });
      box.appendChild(list);
      if (group[2] > group[1].length) {
        box.appendChild(k.el("p", "and " + (group[2] - group[1].length).toLocaleString("en") +
          " more named by fewer papers", "note"));
      }
      together.appendChild(box);
    });
    parts.push(together);
    if (concept.results) parts.push.apply(parts, leaderboard(concept));
    k.table(papers, {
      label: "papers naming " + concept.label, rows: concept.papers, sortBy: 1, descending: true,
      filterable: true, pageSize: 25, text: function (p) { return p[1]; },
      columns: [
        {title: "title", key: function (p) { return p[1].toLowerCase(); },
          cell: function (p) { return k.link(k.paperHref(p[0]), p[1]); }},
        {title: "date", numeric: true, key: function (p) { return p[3]; },
          cell: function (p) { return p[2] || "unknown"; }},
        {title: "relation", key: function (p) { return p[4].join(" "); },
          cell: function (p) { return p[4].map(function (r) { return relationWords[r] || r; }).join(", "); }},
      ]});
    drawGraph(id, concept);
  });

  const directionWords = {higher: "↑ higher is better", lower: "↓ lower is better"};
  const kindWords = {absolute: "score", improvement: "change", speedup: "speed-up or saving",
    other: "other"};

  /* The results stated on this concept, a leaderboard per metric: the record lists them
   * by metric (most reported first), then scores before changes and savings, best first
   * by the metric's direction; "#" is the place within its metric and kind. */
  function leaderboard(concept) {
    const box = k.el("div", null, "leaderboard");
    const places = {};
    const rows = concept.results.map(function (r, order) {
      const group = r[4] + "\u0000" + r[3];
      places[group] = (places[group] || 0) + 1;
      return [order, places[group]].concat(r);
    });
    k.table(box, {
      label: "results on " + concept.label, rows: rows, sortBy: 0, pageSize: 25,
      filterable: true, text: function (r) { return [r[6], r[9], r[3]].join(" "); },
      columns: [
        {title: "#", numeric: true, key: function (r) { return r[0]; },
          cell: function (r) { return String(r[1]); }},
        {title: "metric", key: function (r) { return r[0]; },
          cell: function (r) {
            const cell = k.el("span", r[6] || "(none named)");
            if (r[7]) cell.appendChild(k.el("span", " " + directionWords[r[7]], "note"));
            return cell;
          }},
        {title: "value", key: function (r) { return r[0]; },
          cell: function (r) { return k.el("span", r[4], "result-value"); }},
        {title: "kind", key: function (r) { return r[5]; },
          cell: function (r) { return kindWords[r[5]] || r[5]; }},
        {title: "method", key: function (r) { return r[9].toLowerCase(); },
          cell: function (r) { return r[8] ? k.link(k.conceptHref(r[8]), r[9]) : r[9]; }},
        {title: "paper", key: function (r) { return r[3].toLowerCase(); },
          cell: function (r) {
            const cell = k.link(k.paperHref(r[2]), r[3]);
            cell.title = r[10];
            return cell;
          }},
      ]});
    return [k.el("h2", "Results stated on it (" + rows.length.toLocaleString("en") + ")"),
      k.el("p", "One row per number a paper's abstract reports on it, as written; hover a " +
        "paper for the sentence.", "note"), box];
  }

  function drawGraph(id, concept) {
    const nodes = [{id: id, label: concept.label, group: concept.type, kindText: "this " + concept.type}];
    const edges = [];
    const seen = new Set([id]);
    function add(other, group, kindText, edge) {
      if (seen.has(other[0])) return;
      seen.add(other[0]);
      nodes.push({id: other[0], label: other[1], group: group, kindText: kindText,
        href: k.conceptHref(other[0]), value: edge.width || 1});
      edges.push(edge);
    }
    concept.broader.forEach(function (b) {
      add(b, concept.type, "broader concept", {from: id, to: b[0], relation: "broader"});
    });
    concept.narrower.slice(0, 15).forEach(function (n) {
      add(n, concept.type, "narrower concept", {from: n[0], to: id, relation: "broader"});
    });
    concept.together.forEach(function (group) {
      group[1].slice(0, 8).forEach(function (other) {
        add(other, group[0], group[0] + ", named with it by " + k.plural(other[2], "paper"),
          {from: id, to: other[0], relation: "named with", width: Math.min(8, other[2])});
      });
    });
    k.drawGraph(side, nodes, edges, {iterations: 120});
  }
})();
