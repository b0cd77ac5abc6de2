/* The overview: the concept map (concepts linked by the papers they share, grouped in
 * communities; at scale one node per community that opens on click) beside the
 * paper-concept graph, both filtered by listing page or week. */
(function () {
  "use strict";
  const k = window.paperkg;
  const side = document.querySelector(".graph-side");
  const note = document.getElementById("overview-note");
  const list = document.getElementById("overview-list");
  const select = document.getElementById("filter-page");
  const tabs = {map: document.getElementById("tab-map"), papers: document.getElementById("tab-papers")};

  Promise.all([k.load("overview"), k.load("index")]).then(function (loaded) {
    const overview = loaded[0];
    const index = loaded[1];
    const labels = new Map(index.concepts.map(function (c) { return [c[0], c]; }));
    let chosenPages = null;
    let current = null;
    let tab = "map";
    const hide = function (n) {
      return chosenPages !== null && n.pages !== undefined && !k.onPages(n.pages, chosenPages);
    };

    function conceptNode(c) {
      return {id: c.id, label: c.label, group: c.group, value: c.papers, pages: c.pages,
        community: c.community, href: k.conceptHref(c.id),
        kindText: c.group + ", " + k.plural(c.papers, "paper") + ", community " + (c.community + 1)};
    }

    function communityNode(i) {
      const c = overview.communities[i];
      return {id: "community-" + i, label: c.label + " …", group: "community", value: c.papers,
        community: i, kindText: "community " + (i + 1) + ": " + k.plural(c.size, "concept") + ", " +
        k.plural(c.papers, "paper") + " name them (click to open)"};
    }

    function openCommunity(i) {
      if (!current || !current.nodes.get("community-" + i)) return false;
      const at = current.network.getPositions(["community-" + i])["community-" + i] || {x: 0, y: 0};
      const members = overview.map.open.filter(function (c) { return c.community === i; });
      current.nodes.remove("community-" + i);
      current.nodes.add(members.map(function (c, n) {
        const angle = 2 * Math.PI * n / members.length;
        return k.styled(Object.assign(conceptNode(c),
          {x: at.x + 160 * Math.cos(angle), y: at.y + 160 * Math.sin(angle)}));
      }));
      const ids = new Set(members.map(function (c) { return c.id; }));
      current.edges.add(overview.map.openEdges.filter(function (e) { return ids.has(e[0]); })
        .map(function (e) { return edge(e[0], e[1], "named with", e[2]); }));
      current.refresh();
      showCommunity(i);
      return true;
    }

    let edgeCount = 0;
    function edge(from, to, relation, weight) {
      edgeCount++;
      const colour = "#8a8a8a";
      return {id: "x" + edgeCount, from: from, to: to, title: relation + (weight ? " (" + weight + ")" : ""),
        base: colour, color: {color: colour}, width: Math.min(8, Math.max(1, Math.log2(1 + (weight || 1)))),
        arrows: ""};
    }

    function showCommunity(i) {
      const community = overview.communities[i];
      list.replaceChildren(k.el("h2", "Community " + (i + 1) + ": " + k.plural(community.size, "concept")));
      const box = k.el("div");
      list.appendChild(box);
      k.table(box, {label: "concepts of community " + (i + 1), pageSize: 20, filterable: true, sortBy: 2,
        descending: true, rows: community.members.map(function (id) { return labels.get(id); }),
        text: function (c) { return c[1]; },
        columns: [
          {title: "concept", key: function (c) { return c[1].toLowerCase(); },
            cell: function (c) { return k.link(k.conceptHref(c[0]), c[1]); }},
          {title: "type", key: function (c) { return c[2]; }, cell: function (c) { return c[2]; }},
          {title: "papers", numeric: true, key: function (c) { return c[4]; }, cell: function (c) { return c[4]; }},
        ]});
    }

    function listCommunities() {
      list.replaceChildren(k.el("h2", k.plural(overview.communities.length, "community")));
      const ol = k.el("ol", null, "communities");
      overview.communities.forEach(function (c, i) {
        const item = k.el("li");
        const button = k.el("button", c.label, "link-button");
        button.type = "button";
        button.addEventListener("click", function () { if (!openCommunity(i)) showCommunity(i); });
        item.append(button, document.createTextNode(" — " + k.plural(c.size, "concept") + ", " +
          k.plural(c.papers, "paper") + " name them"));
        ol.appendChild(item);
      });
      list.appendChild(ol);
    }

    function drawMap() {
      const map = overview.map;
      if (map.whole) {
        const strong = map.edges.length > 4000 ? map.edges.filter(function (e) { return e[2] >= 2; }) : map.edges;
        note.textContent = "The concept map: all " + k.plural(overview.concepts, "concept") +
          ", linked when papers name both (" + k.plural(strong.length, "link") +
          (strong.length < map.edges.length ? " shared by two or more papers" : "") +
          "), in " + k.plural(overview.communities.length, "community") + ".";
        current = k.drawGraph(side, map.nodes.map(conceptNode), strong.map(function (e) {
          return {from: e[0], to: e[1], relation: "named with", width: Math.min(8, e[2])};
        }), {hide: hide, iterations: 150});
      } else {
        note.textContent = "The concept map of all " + k.plural(overview.concepts, "concept") +
          ", grouped into " + k.plural(overview.communities.length, "community") +
          " of concepts their papers name together (Louvain). Click a community to open it onto " +
          "its concepts named by most papers; the list below names every concept of it.";
        current = k.drawGraph(side, overview.communities.map(function (c, i) { return communityNode(i); }),
          map.between.map(function (e) {
            return {from: "community-" + e[0], to: "community-" + e[1], relation: "named with",
              width: Math.min(8, Math.max(1, Math.log2(1 + e[2])))};
          }), {hide: hide, iterations: 150, onClick: function (n) {
            return n && n.kind === "community" && openCommunity(n.community);
          }});
      }
      listCommunities();
    }

    function drawPapers() {
      const g = overview.graph;
      if (!g) {
        note.textContent = "At " + k.plural(overview.papers, "paper") + " the paper–concept graph is " +
          "too large to draw whole; use the concept map, the search, and each paper's and concept's page.";
        current = k.drawGraph(side, [], [], {});
        list.replaceChildren();
        return;
      }
      note.textContent = "Every paper (squares) and every concept it names: " +
        k.plural(overview.papers, "paper") + ", " + k.plural(overview.concepts, "concept") + ".";
      current = k.drawGraph(side, g.nodes.map(function (n) {
        if (n.group === "paper") {
          return {id: n.id, label: n.label, group: "paper", pages: n.pages, href: k.paperHref(n.id), kindText: "paper"};
        }
        if (n.group === "repository" || n.group === "project-page") {
          return {id: n.id, label: n.label, group: n.group, href: n.label, kindText: n.group};
        }
        return conceptNode(n);
      }), g.edges.map(function (e) { return {from: e[0], to: e[1], relation: e[2]}; }),
      {hide: hide, iterations: 120});
      listCommunities();
    }

    function draw() {
      document.body.dataset.stabilized = "false";
      tabs.map.setAttribute("aria-selected", String(tab === "map"));
      tabs.papers.setAttribute("aria-selected", String(tab === "papers"));
      if (tab === "map") drawMap(); else drawPapers();
    }
    tabs.map.addEventListener("click", function () { tab = "map"; draw(); });
    tabs.papers.addEventListener("click", function () { tab = "papers"; draw(); });
    select.addEventListener("change", function () {
      const chosen = k.pagesChosen(index, select.value);
      if (current) current.refresh(function () { chosenPages = chosen; });
      else chosenPages = chosen;
    });
    draw();
    document.body.dataset.ready = "true";
  }).catch(function (error) { k.failed(note, error); });
})();
