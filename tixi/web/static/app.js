// tixi serve: coding by mouse selection, the code picker, undo/redo, small page helpers.
// Offsets are computed from the text nodes of pieces carrying data-s (their offset in the stored
// text), counted in Unicode code points as Python counts them, never from rendered HTML.
(function () {
  "use strict";

  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf()},
      body: JSON.stringify(body || {}),
    });
    let data = {};
    try { data = await response.json(); } catch (error) { data = {error: response.statusText}; }
    if (!response.ok) { throw new Error(data.error || response.statusText); }
    return data;
  }

  function codePoints(text) {
    let count = 0;
    for (const _ of text) { count += 1; }  // a surrogate pair is one code point
    return count;
  }

  function say(message, isError) {
    const status = document.getElementById("status");
    if (!status) { return; }
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  // -- offsets ---------------------------------------------------------------------------------
  function boundary(textRoot, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement ? node.parentElement.closest("[data-s]") : null;
      if (piece && textRoot.contains(piece)) {
        const start = Number(piece.dataset.s);
        if (piece.dataset.len) { return start + (offset > 0 ? Number(piece.dataset.len) : 0); }
        return start + codePoints(node.data.slice(0, offset));
      }
    }
    const probe = document.createRange();
    probe.setStart(node, offset);
    probe.collapse(true);
    for (const piece of textRoot.querySelectorAll("[data-s]")) {
      if (probe.comparePoint(piece, 0) >= 0) { return Number(piece.dataset.s); }
    }
    return Number(textRoot.dataset.length);
  }

  function selectedSpan(textRoot) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    const range = selection.getRangeAt(0);
    if (!textRoot.contains(range.commonAncestorContainer)) { return null; }
    const start = boundary(textRoot, range.startContainer, range.startOffset);
    const end = boundary(textRoot, range.endContainer, range.endOffset);
    if (!(end > start)) { return null; }
    return {start: start, end: end, quote: selection.toString()};
  }

  // -- undo and redo (kept for the browser tab) ------------------------------------------------
  function stack(name) {
    try { return JSON.parse(sessionStorage.getItem(name) || "[]"); } catch (error) { return []; }
  }
  function keep(name, items) { sessionStorage.setItem(name, JSON.stringify(items.slice(-200))); }

  async function addCoding(action) {
    const coding = await post("/doc/" + encodeURIComponent(action.doc) + "/codings", {start: action.start, end: action.end, code: action.code});
    action.id = coding.id;
    return coding;
  }
  async function removeCoding(action) { return post("/codings/" + encodeURIComponent(action.id) + "/remove", {}); }

  async function reshape(id, span) {
    return post("/codings/" + encodeURIComponent(id) + "/reshape", {start: span[0], end: span[1]});
  }

  async function perform(action, backwards) {
    if (action.op === "reshape") {
      await reshape(action.id, backwards ? action.before : action.after);
      return true;
    }
    const adding = (action.op === "add") !== backwards;
    if (adding) { await addCoding(action); } else { await removeCoding(action); }
    return adding;
  }

  async function undo() {
    const done = stack("tixi-undo");
    const action = done.pop();
    if (!action) { say("Nothing to undo."); return; }
    try {
      const added = await perform(action, true);
      keep("tixi-undo", done);
      keep("tixi-redo", stack("tixi-redo").concat([action]));
      const what = action.op === "reshape" ? "Undone: coding " + action.id + " back to " + action.before[0] + "–" + action.before[1] + "."
        : (added ? "Undone: coding restored " : "Undone: coding removed ") + action.start + "–" + action.end + " " + action.code + ".";
      say(what);
      await refresh();
    } catch (error) { say(error.message, true); }
  }

  async function redo() {
    const undone = stack("tixi-redo");
    const action = undone.pop();
    if (!action) { say("Nothing to redo."); return; }
    try {
      await perform(action, false);
      keep("tixi-redo", undone);
      keep("tixi-undo", stack("tixi-undo").concat([action]));
      say("Redone: " + action.op + " " + action.start + "–" + action.end + " " + action.code + ".");
      await refresh();
    } catch (error) { say(error.message, true); }
  }

  function record(action) {
    keep("tixi-undo", stack("tixi-undo").concat([action]));
    keep("tixi-redo", []);
  }

  // -- the reader ------------------------------------------------------------------------------
  async function refresh() {
    const textRoot = document.getElementById("text");
    if (!textRoot) { return; }
    const response = await fetch(location.pathname + location.search, {credentials: "same-origin"});
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["text", "side"]) {
      const fresh = page.getElementById(id);
      const old = document.getElementById(id);
      if (fresh && old) {
        old.replaceChildren(...Array.from(fresh.childNodes).map(function (node) { return document.importNode(node, true); }));
        if (window.htmx) { window.htmx.process(old); }
      }
    }
  }

  function setupReader() {
    const textRoot = document.getElementById("text");
    if (!textRoot) { return; }
    const doc = textRoot.dataset.doc;
    const bar = document.getElementById("codebar");
    const picker = document.getElementById("picker");
    const filter = document.getElementById("picker-filter");
    const list = document.getElementById("picker-list");
    const errorLine = document.getElementById("picker-error");
    let pending = null;  // the span selected now
    let chosen = null;  // the span the open picker codes (focusing the filter clears the selection)
    let codes = null;
    let active = 0;

    const hit = textRoot.querySelector(".hit");
    if (hit) { hit.scrollIntoView({block: "center"}); }

    function noteSelection() {
      if (picker.open) { return; }
      pending = selectedSpan(textRoot);
      bar.hidden = pending === null;
    }
    document.addEventListener("selectionchange", noteSelection);

    async function loadCodes() {
      if (codes === null) {
        const response = await fetch("/codes.json", {credentials: "same-origin"});
        codes = await response.json();
      }
      return codes;
    }

    function recent() { try { return JSON.parse(localStorage.getItem("tixi-recent") || "[]"); } catch (error) { return []; } }

    function shown() {
      const words = filter.value.trim().toLowerCase();
      const order = recent();
      const matching = codes.filter(function (code) {
        return !words || code.id.toLowerCase().includes(words) || String(code.label).toLowerCase().includes(words) ||
          String(code.label_en).toLowerCase().includes(words);
      });
      matching.sort(function (a, b) {
        const ra = order.indexOf(a.id), rb = order.indexOf(b.id);
        return (ra < 0 ? 1e9 : ra) - (rb < 0 ? 1e9 : rb);
      });
      return matching.slice(0, 60);
    }

    function draw() {
      const items = shown();
      active = Math.max(0, Math.min(active, items.length - 1));
      list.replaceChildren();
      items.forEach(function (code, index) {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.dataset.code = code.id;
        item.className = "k" + code.k + (index === active ? " active" : "");
        const swatch = document.createElement("span");
        swatch.className = "swatch k" + code.k;
        const label = document.createElement("span");
        label.textContent = code.label + " ";
        const id = document.createElement("small");
        id.textContent = code.id;
        item.append(swatch, label, id);
        item.addEventListener("click", function () { choose(code.id); });
        list.append(item);
      });
      const current = list.children[active];
      if (current) { current.scrollIntoView({block: "nearest"}); }
    }

    async function openPicker() {
      if (!pending) { say("Select a passage first.", true); return; }
      chosen = pending;
      await loadCodes();
      document.getElementById("picker-quote").textContent = pending.quote.slice(0, 200);
      errorLine.textContent = "";
      filter.value = "";
      active = 0;
      draw();
      picker.showModal();
      filter.focus();
    }

    async function choose(code) {
      const span = chosen;
      if (!span) { return; }
      const action = {op: "add", doc: doc, start: span.start, end: span.end, code: code, id: null};
      try {
        await addCoding(action);
      } catch (error) { errorLine.textContent = error.message; return; }
      record(action);
      localStorage.setItem("tixi-recent", JSON.stringify([code].concat(recent().filter(function (c) { return c !== code; })).slice(0, 20)));
      picker.close();
      window.getSelection().removeAllRanges();
      pending = chosen = null;
      bar.hidden = true;
      say("Coded " + span.start + "–" + span.end + " as " + code + " (coding " + action.id + "). Ctrl+Z undoes.");
      await refresh();
    }

    filter.addEventListener("input", function () { active = 0; draw(); });
    filter.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { active += 1; draw(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { active = Math.max(0, active - 1); draw(); event.preventDefault(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        const item = list.children[active];
        if (item) { choose(item.dataset.code); }
      }
    });
    document.getElementById("picker-cancel").addEventListener("click", function () { picker.close(); });
    document.getElementById("codeit").addEventListener("click", openPicker);

    document.addEventListener("click", async function (event) {
      const boundary = event.target.closest("button.reshape");
      if (boundary) {
        if (!pending) { say("Select the passage the coding should cover, then click ↔.", true); return; }
        try {
          const changed = await reshape(boundary.dataset.id, [pending.start, pending.end]);
          record({op: "reshape", doc: doc, id: changed.id, code: changed.code_id, start: changed.start, end: changed.end,
                  before: changed.before, after: [changed.start, changed.end]});
          window.getSelection().removeAllRanges();
          say("Coding " + changed.id + " now covers " + changed.start + "–" + changed.end + ". Ctrl+Z undoes.");
          await refresh();
        } catch (error) { say(error.message, true); }
        return;
      }
      const button = event.target.closest("button.remove");
      if (button) {
        const action = {op: "remove", doc: doc, id: button.dataset.id, start: 0, end: 0, code: ""};
        try {
          const removed = await removeCoding(action);
          action.start = removed.start; action.end = removed.end; action.code = removed.code_id;
          record(action);
          say("Removed coding " + removed.id + ". Ctrl+Z restores it.");
          await refresh();
        } catch (error) { say(error.message, true); }
        return;
      }
      const piece = event.target.closest("#text .cd");
      if (piece && window.getSelection().isCollapsed) { say("Codings here: " + piece.dataset.c); }
    });

    document.addEventListener("keydown", function (event) {
      const typing = event.target.closest("input, textarea, select, dialog");
      if (typing) { return; }
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && key === "z" && !event.shiftKey) { event.preventDefault(); undo(); }
      else if ((event.ctrlKey || event.metaKey) && (key === "y" || (key === "z" && event.shiftKey))) { event.preventDefault(); redo(); }
      else if (key === "c" && !event.ctrlKey && !event.metaKey && !event.altKey && pending) { event.preventDefault(); openPicker(); }
    });
  }

  document.addEventListener("DOMContentLoaded", setupReader);
}());
