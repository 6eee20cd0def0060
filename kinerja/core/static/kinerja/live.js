// Keeps a page in step with its data (core/live.html). Polls a small stamp
// endpoint about every two seconds while the tab is visible; when the stamp
// changes, fetches the page again and swaps the regions marked
// [data-live-region] (matched by id, else by order), or the contents of
// <main> when the page marks none. Focus, scroll and open <details> survive
// the swap, and a polite notice says the data was updated. Without
// JavaScript the page simply stays as the server drew it.
(function () {
  "use strict";
  var INTERVAL = 2000;
  var marker = document.querySelector("[data-live-url]");
  if (!marker || !window.fetch || !window.DOMParser) return;
  var stampUrl = marker.dataset.liveUrl;
  var notice = marker.querySelector("[data-live-notice]");
  var stamp = null;
  var timer = null;
  var busy = false;
  var failures = 0;

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = null;
    if (document.visibilityState === "visible") timer = window.setTimeout(poll, delay);
  }

  function poll() {
    if (busy) return;
    busy = true;
    fetch(stampUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        // Logged out (redirected to the login page) or no longer allowed: stop quietly.
        if (response.redirected || response.status === 403 || response.status === 404) return "stop";
        if (!response.ok) throw new Error("stamp " + response.status);
        return response.json();
      })
      .then(function (answer) {
        if (answer === "stop") return "stop";
        failures = 0;
        if (stamp === null) { stamp = answer.stamp; return null; }
        if (answer.stamp === stamp) return null;
        return refresh().then(function () { stamp = answer.stamp; });
      })
      .then(function (outcome) { busy = false; if (outcome !== "stop") schedule(INTERVAL); })
      .catch(function () {
        busy = false;
        failures = Math.min(failures + 1, 5);
        schedule(INTERVAL * Math.pow(2, failures));
      });
  }

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("page " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        swap(fresh);
        announce();
      });
  }

  function regionsOf(doc) {
    var marked = Array.prototype.slice.call(doc.querySelectorAll("[data-live-region]"));
    if (marked.length) return marked;
    var main = doc.querySelector("main");
    return main ? [main] : [];
  }

  // The element's position under `root` as child indices, to find its twin after a swap.
  function pathOf(element, root) {
    var path = [];
    while (element && element !== root) {
      var parent = element.parentElement;
      if (!parent) return null;
      path.unshift(Array.prototype.indexOf.call(parent.children, element));
      element = parent;
    }
    return element === root ? path : null;
  }

  function follow(root, path) {
    var element = root;
    for (var i = 0; element && i < path.length; i++) element = element.children[path[i]];
    return element || null;
  }

  // <details> are matched by their summary's text (and its occurrence), not by
  // position: a new value can add details (an explanation) before the open one.
  function detailsKeys(root) {
    var seen = {};
    return Array.prototype.map.call(root.querySelectorAll("details"), function (details) {
      var summary = details.querySelector("summary");
      var text = summary ? summary.textContent.trim() : "";
      var parent = details.closest("[id], [data-testid]");
      var scope = parent && parent !== root ? (parent.id || parent.dataset.testid) : "";
      var base = scope + "|" + text;
      seen[base] = (seen[base] || 0) + 1;
      return { key: base + "|" + seen[base], details: details };
    });
  }

  function keyOf(element) {
    if (element.id) return "#" + CSS.escape(element.id);
    if (element.name) return element.tagName.toLowerCase() + '[name="' + CSS.escape(element.name) + '"]';
    if (element.dataset.testid) return '[data-testid="' + CSS.escape(element.dataset.testid) + '"]';
    return null;
  }

  // Nodes that belong to the open page rather than to the data: the live marker
  // itself (its notice must stay the same node for screen readers to announce it),
  // the flash messages shown once after a form was saved, and scripts (already
  // running; a copy from the fetched page would not run anyway).
  function kept(node) {
    return node.nodeType === 1 && (node.hasAttribute("data-live-url") || node.classList.contains("messages") || node.nodeName === "SCRIPT");
  }

  function swap(fresh) {
    var olds = regionsOf(document);
    var news = regionsOf(fresh);
    var scrollX = window.scrollX, scrollY = window.scrollY;
    var active = document.activeElement;
    olds.forEach(function (old, index) {
      var replacement = (old.id && fresh.getElementById(old.id)) || news[index];
      if (!replacement) return;
      var focusKey = null, focusPath = null;
      if (active && active !== document.body && old.contains(active)) {
        focusKey = keyOf(active);
        focusPath = pathOf(active, old);
      }
      var open = detailsKeys(old).filter(function (entry) { return entry.details.open; })
        .map(function (entry) { return entry.key; });
      var keep = Array.prototype.filter.call(old.childNodes, kept);
      Array.prototype.slice.call(old.childNodes).forEach(function (node) {
        if (keep.indexOf(node) === -1) old.removeChild(node);
      });
      Array.prototype.slice.call(replacement.childNodes).forEach(function (node) {
        if (kept(node)) return;
        old.appendChild(document.importNode(node, true));
      });
      detailsKeys(old).forEach(function (entry) { if (open.indexOf(entry.key) !== -1) entry.details.open = true; });
      var target = (focusKey && old.querySelector(focusKey)) || (focusPath && follow(old, focusPath));
      if (target && typeof target.focus === "function") target.focus({ preventScroll: true });
    });
    window.scrollTo(scrollX, scrollY);
  }

  function announce() {
    if (!notice) return;
    var time = new Date().toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    notice.textContent = notice.dataset.liveNotice + " · " + time;
    notice.hidden = false;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") schedule(0);
    else { window.clearTimeout(timer); timer = null; }
  });
  schedule(0);
})();
