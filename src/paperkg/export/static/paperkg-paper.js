/* A paper's page (paper.html#ID): what it proposes, uses, is evaluated on and
 * addresses, its code, each link's evidence one click away, and its graph. */
(function () {
  "use strict";
  const k = window.paperkg;
  const article = document.getElementById("paper");
  const side = document.querySelector(".graph-side");
  const sections = [
    ["proposes", "Proposes"], ["uses", "Uses"], ["evaluatedOn", "Evaluated on"],
    ["addresses", "Addresses"],
  ];

  function evidence(paper, sentence, confidence, rule, surface) {
    const box = k.el("details", null, "evidence");
    box.appendChild(k.el("summary", "evidence"));
    const where = sentence === 0 ? "the title" : "sentence " + sentence + " of the abstract";
    const held = paper.sentences[String(sentence)];  // offsets into the abstract, or the text
    box.appendChild(k.el("blockquote", sentence === 0 ? paper.title :
      Array.isArray(held) ? paper.abstract.slice(held[0], held[1]) : held || ""));
    box.appendChild(k.el("p", "Written “" + surface + "” in " + where + "; rule " + rule +
      ", confidence " + confidence + ".", "note"));
    return box;
  }

  k.recordPage("p", "paper", article, function (paper) { return paper.title; },
    function (id, paper, parts, fact) {
    if (paper.date) fact("Date", paper.date);
    if (paper.authors.length) fact("Authors", paper.authors.join(", "));
    else if (paper.authorCount) fact("Authors", k.plural(paper.authorCount, "author") + " (names not listed)");
    const listed = k.el("span");
    paper.listed.forEach(function (page, i) {
      if (i) listed.appendChild(document.createTextNode("; "));
      const name = k.el("span", page[0]);
      name.title = page[1];
      listed.appendChild(name);
    });
    if (paper.listed.length) fact("Listed on", listed);
    if (paper.venue) fact("Published in", paper.venue);
    if (paper.recordId) fact("Record id", paper.recordId);
    if (paper.arxiv) fact("arXiv", k.link("https://arxiv.org/abs/" + encodeURIComponent(paper.arxiv), "arXiv:" + paper.arxiv));
    if (paper.url && !paper.arxiv) fact("Link", k.link(paper.url, paper.url));
    sections.forEach(function (section) {
      const links = paper.links.filter(function (l) { return l[0] === section[0]; });
      if (!links.length && section[0] !== "proposes") return;
      const block = k.el("section", null, "relation");
      block.dataset.relation = section[0];
      block.appendChild(k.el("h2", section[1]));
      if (!links.length) block.appendChild(k.el("p", "Nothing named as its own contribution.", "note"));
      const list = k.el("ul");
      links.forEach(function (l) {
        const item = k.el("li");
        item.append(k.link(k.conceptHref(l[1]), l[2]), k.el("span", " " + l[3], "badge " + l[3]),
          evidence(paper, l[4], l[5], l[6], l[7]));
        list.appendChild(item);
      });
      block.appendChild(list);
      parts.push(block);
    });
    const code = k.el("section", null, "relation");
    code.dataset.relation = "code";
    code.appendChild(k.el("h2", "Code"));
    if (!paper.code.length) code.appendChild(k.el("p", "No code or project link in the abstract.", "note"));
    const codeList = k.el("ul");
    paper.code.forEach(function (c) {
      const item = k.el("li");
      item.append(k.link(c[1], c[1]), k.el("span", c[0] === "hasCode" ? " code" : " project page", "note"),
        evidence(paper, c[2], c[3], c[4], c[5]));
      codeList.appendChild(item);
    });
    code.appendChild(codeList);
    parts.push(code);
    parts.push(k.el("h2", "Abstract"));
    parts.push(k.linkedText(paper.abstract, k.el("p", null, "abstract")));
    if (paper.related.length) {
      parts.push(k.el("h2", "Papers naming two or more of the same concepts"));
      const related = k.el("ul");
      paper.related.forEach(function (r) {
        const item = k.el("li");
        item.append(k.link(k.paperHref(r[0]), r[1]), document.createTextNode(" (" + r[2] + " shared)"));
        related.appendChild(item);
      });
      parts.push(related);
    }
    drawGraph(id, paper);
  });

  function drawGraph(id, paper) {
    const nodes = [{id: "paper", label: paper.title, group: "paper", kindText: "this paper"}];
    const edges = [];
    const seen = new Set();
    paper.links.forEach(function (l) {
      if (!seen.has(l[1])) {
        seen.add(l[1]);
        nodes.push({id: l[1], label: l[2], group: l[3], kindText: l[3], href: k.conceptHref(l[1])});
      }
      edges.push({from: "paper", to: l[1], relation: l[0]});
    });
    paper.code.forEach(function (c) {
      if (seen.has(c[1])) return;
      seen.add(c[1]);
      nodes.push({id: c[1], label: c[1], group: c[0] === "hasCode" ? "repository" : "project-page",
        kindText: c[0] === "hasCode" ? "code" : "project page", href: c[1]});
      edges.push({from: "paper", to: c[1], relation: c[0]});
    });
    k.drawGraph(side, nodes, edges, {iterations: 120});
  }
})();
