/* paperkg graph views: vis-network with a legend/type filter, search, neighbourhood
 * highlight and a details panel. Data comes from the JSON in #graph-data; every piece of
 * text is put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const hidden = new Set();
  const grey = "rgba(200,200,200,0.35)";

  function element(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function link(href, text) {
    const a = element("a", text);
    if (typeof href === "string" && /^(https?:\/\/|[\w.\/-]+\.html$)/.test(href)) a.href = href;
    return a;
  }

  function describe(n, into) {
    into.appendChild(element("strong", n.full || n.label));
    for (const line of n.lines || []) into.appendChild(element("div", line));
    if (n.text) into.appendChild(element("p", n.text, "lead"));
    const links = element("div", null, "links");
    if (n.page) links.appendChild(link(n.page, n.kind === "paper" ? "paper view" : "concept view"));
    for (const url of n.links || []) links.appendChild(link(url, url));
    into.appendChild(links);
    return into;
  }

  const nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, {title: describe(n, element("div", null, "tip")), base: n.color});
  }));
  const edges = new vis.DataSet(data.edges);
  const view = new vis.DataView(nodes, {filter: function (n) { return !hidden.has(n.group); }});
  const container = document.getElementById("network");
  const network = new vis.Network(container, {nodes: view, edges: edges}, data.options);

  function stabilized() {
    network.setOptions({physics: false});
    document.body.dataset.stabilized = "true";
  }
  network.once("stabilizationIterationsDone", stabilized);
  if (!data.options.physics || data.options.physics.enabled === false) stabilized();

  const details = document.getElementById("details");
  function highlight(id) {
    const keep = id === null ? null : new Set(network.getConnectedNodes(id).concat([id]));
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, color: keep === null || keep.has(n.id) ? n.base : grey};
    }));
    details.replaceChildren();
    if (id !== null) describe(nodes.get(id), details);
  }
  network.on("click", function (event) { highlight(event.nodes.length ? event.nodes[0] : null); });
  network.on("doubleClick", function (event) {
    const n = event.nodes.length ? nodes.get(event.nodes[0]) : null;
    if (n && n.page) window.location.href = n.page;
  });

  function setGroupVisible(group, visible) {
    if (visible) hidden.delete(group); else hidden.add(group);
    view.refresh();
    const box = document.querySelector('input[data-group="' + group + '"]');
    if (box) box.checked = visible;
  }
  document.querySelectorAll("input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () { setGroupVisible(box.dataset.group, box.checked); });
  });

  const byLabel = new Map();
  nodes.forEach(function (n) { byLabel.set(String(n.full || n.label).toLowerCase(), n.id); });
  const options = document.getElementById("labels");
  Array.from(byLabel.keys()).sort().forEach(function (label) {
    const option = document.createElement("option");
    option.value = label;
    options.appendChild(option);
  });
  function search(text) {
    const id = byLabel.get(String(text).trim().toLowerCase());
    if (id === undefined) return false;
    setGroupVisible(nodes.get(id).group, true);
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    highlight(id);
    return true;
  }
  const box = document.getElementById("search");
  box.addEventListener("change", function () { search(box.value); });
  box.addEventListener("keydown", function (event) { if (event.key === "Enter") search(box.value); });

  window.paperkg = {network: network, nodes: nodes, edges: edges, view: view,
                    search: search, setGroupVisible: setGroupVisible, highlight: highlight};
})();
