/* The report: concepts named by most papers, every paper and every concept in paged,
 * sortable tables, all filtered by listing page or by the week up to the newest one. */
(function () {
  "use strict";
  const k = window.paperkg;
  const select = document.getElementById("filter-page");
  const status = document.getElementById("filter-status");
  const top = document.getElementById("top-concepts");

  k.load("index").then(function (index) {
    let papersTable = null;
    let conceptsTable = null;

    function counts(chosenPapers) {
      const papersOf = new Map();
      for (let i = 0; i < index.links.length; i += 3) {
        if (!chosenPapers.has(index.links[i])) continue;
        const concept = index.links[i + 1];
        if (!papersOf.has(concept)) papersOf.set(concept, new Set());
        papersOf.get(concept).add(index.links[i]);
      }
      return papersOf;
    }

    function render() {
      const pages = k.pagesChosen(index, select.value);
      const chosen = new Set();
      index.papers.forEach(function (p, i) { if (k.onPages(p[4], pages)) chosen.add(i); });
      const papersOf = counts(chosen);
      status.textContent = pages === null ? "" :
        k.plural(chosen.size, "paper") + " on " + k.plural(pages.size, "listing page") + " shown.";
      top.replaceChildren();
      index.types.forEach(function (type) {
        const ranked = Array.from(papersOf.entries())
          .filter(function (entry) { return index.concepts[entry[0]][2] === type; })
          .sort(function (a, b) {
            return b[1].size - a[1].size || (index.concepts[a[0]][1] < index.concepts[b[0]][1] ? -1 : 1);
          }).slice(0, 10);
        const box = k.el("section", null, "top-list");
        box.dataset.type = type;
        box.appendChild(k.el("h3", type + "s"));
        const list = k.el("ol");
        ranked.forEach(function (entry) {
          const concept = index.concepts[entry[0]];
          const item = k.el("li");
          item.append(k.link(k.conceptHref(concept[0]), concept[1]),
            document.createTextNode(" (" + entry[1].size + ")"));
          list.appendChild(item);
        });
        if (!ranked.length) box.appendChild(k.el("p", "none", "note"));
        box.appendChild(list);
        top.appendChild(box);
      });
      const paperRows = Array.from(chosen, function (i) { return index.papers[i]; });
      const conceptRows = Array.from(papersOf.entries(), function (entry) {
        return index.concepts[entry[0]].concat([entry[1].size]);
      });
      if (papersTable) { papersTable.update(paperRows); conceptsTable.update(conceptRows); return; }
      papersTable = k.table(document.getElementById("papers-table"), {
        label: "papers", rows: paperRows, sortBy: 1, descending: true, filterable: true,
        text: function (p) { return p[1]; },
        columns: [
          {title: "title", key: function (p) { return p[1].toLowerCase(); },
            cell: function (p) { return k.link(k.paperHref(p[0]), p[1]); }},
          {title: "date", numeric: true, key: function (p) { return p[3]; },
            cell: function (p) { return p[2] || "unknown"; }},
          {title: "listed on", key: function (p) { return p[4].map(function (i) { return index.pages[i].label; }).join(", "); },
            cell: function (p) { return p[4].map(function (i) { return index.pages[i].label; }).join(", "); }},
        ]});
      conceptsTable = k.table(document.getElementById("concepts-table"), {
        label: "concepts", rows: conceptRows, sortBy: 2, descending: true, filterable: true,
        text: function (c) { return [c[1]].concat(c[3]).join(" "); },
        columns: [
          {title: "concept", key: function (c) { return c[1].toLowerCase(); },
            cell: function (c) { return k.link(k.conceptHref(c[0]), c[1]); }},
          {title: "type", key: function (c) { return c[2]; }, cell: function (c) { return c[2]; }},
          {title: "papers", numeric: true, key: function (c) { return c[5]; }, cell: function (c) { return c[5]; }},
          {title: "also written", key: function (c) { return c[3].length; },
            cell: function (c) { return c[3].slice(0, 6).join(", ") + (c[3].length > 6 ? ", …" : ""); }},
        ]});
    }
    select.addEventListener("change", render);
    render();
    document.body.dataset.ready = "true";
  }).catch(function (error) { k.failed(top, error); });
})();
