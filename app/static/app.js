// Progressive enhancement only: every form also works without this file.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.documentElement.classList.add("js");

  // Send the CSRF token on every htmx request (works the same on htmx 2 and 4).
  document.addEventListener("htmx:configRequest", function (event) {
    if (token) { event.detail.headers["X-CSRF-Token"] = token.content; }
  });
  // A server or network failure: say so instead of failing silently.
  function problem(shown) {
    var box = document.getElementById("live-problem");
    if (box) { box.hidden = !shown; }
  }
  document.addEventListener("htmx:responseError", function () { problem(true); });
  document.addEventListener("htmx:sendError", function () { problem(true); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { problem(false); }
  });

  // ---- Items: every change is saved, in order, one save at a time per item ----
  // Each save sends the item's form as it stands when the save starts, so a change made
  // while another save is in flight goes out, complete, right after it. An answer that
  // comes back after the user has changed the form again never overwrites their input.
  var saves = new WeakMap();
  var DRAFT = ["evidence_note", "url", "file"];

  function stateOf(form) {
    var state = saves.get(form);
    if (!state) {
      state = { busy: false, again: false, submitter: null };
      saves.set(form, state);
    }
    return state;
  }
  // A save in flight, or a note, link or document written but not added yet.
  function pending() {
    return Array.prototype.some.call(document.querySelectorAll("form.item-form"), function (form) {
      return form.hasAttribute("data-saving") || draftFilled(form);
    });
  }
  function snapshot(form, blankDraft) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf_token") { return; }
      if (blankDraft && DRAFT.indexOf(name) >= 0) { value = ""; }
      if (typeof value !== "string") { value = value.name ? value.name + ":" + value.size : ""; }
      parts.push(name + "=" + value);
    });
    return parts.join("&");
  }
  function checkedStatus(form) {
    var status = form.elements.status;  // the radios sit outside the form (form="…")
    return status ? status.value : "";
  }
  function draftFilled(form) {
    var kind = form.elements.kind ? form.elements.kind.value : "";
    var field = form.elements[{ link: "url", file: "file" }[kind] || "evidence_note"];
    if (!field) { return false; }
    return field.type === "file" ? field.files.length > 0 : field.value.trim() !== "";
  }
  function draftValues(form) {
    var values = {};
    DRAFT.forEach(function (name) {
      var field = form.elements[name];
      if (field) { values[name] = field.type === "file" ? field.files[0] : field.value; }
    });
    return values;
  }
  // A piece was added from what was sent: empty what still holds exactly that.
  function clearDraft(form, sent) {
    DRAFT.forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      var now = field.type === "file" ? field.files[0] : field.value;
      if (now === sent[name]) { field.value = ""; }
    });
  }

  function save(form, submitter) {
    var state = stateOf(form);
    if (submitter) { state.submitter = submitter; }
    if (state.busy) { state.again = true; return; }
    send(form);
  }

  function send(form) {
    var state = stateOf(form);
    var data = new FormData(form);
    if (state.submitter && state.submitter.name) {
      data.append(state.submitter.name, state.submitter.value);
    }
    var sent = { whole: snapshot(form, false), blank: snapshot(form, true), draft: draftValues(form) };
    state.busy = true;
    state.again = false;
    state.submitter = null;
    form.setAttribute("data-saving", "");
    fetch(form.action, {
      method: "POST",
      body: formBody(data),
      credentials: "same-origin",
      // This script takes the answer to a plain save as only what it changed (`landed`);
      // one cached from before it did is sent the whole item.
      headers: { "HX-Request": "true", "X-CSRF-Token": token ? token.content : "", "X-Item-Answer": "slim" }
    }).then(function (response) {
      if (response.status >= 500) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      landed(form, sent, html);
    }, function () {
      problem(true);  // the form keeps what was typed; the next change sends it again
    }).then(function () {
      state.busy = false;
      if (state.again && document.body.contains(form)) {
        send(form);
      } else {
        form.removeAttribute("data-saving");
      }
    });
  }

  // A form with no document chosen goes urlencoded: the server reads that for less CPU
  // than the same fields as multipart (0.15 ms of a 3.5 ms save, bench/save_profile.py).
  // A document goes as multipart, as the form itself says.
  function formBody(data) {
    var text = new URLSearchParams();
    var files = false;
    data.forEach(function (value, name) {
      if (typeof value === "string") { text.append(name, value); } else if (value.size || value.name) { files = true; }
    });
    return files ? data : text;
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }
  function replace(old, fresh) {
    var active = document.activeElement;
    var focusId = active && old.contains(active) ? active.id : null;
    old.replaceWith(fresh);
    htmx.process(fresh);
    var again = focusId && document.getElementById(focusId);
    if (again) { again.focus({ preventScroll: true }); }
  }
  // Out-of-band parts of an answer: the gate, the gate bar, a checklist's progress.
  function swapOutOfBand(content) {
    Array.prototype.slice.call(content.querySelectorAll("[hx-swap-oob]")).forEach(function (part) {
      var old = part.id && document.getElementById(part.id);
      part.removeAttribute("hx-swap-oob");
      if (old) { replace(old, part); }
    });
  }

  function landed(form, sent, html) {
    var content = parse(html);
    var fresh = content.querySelector("li.item");
    var item = form.closest("li.item");
    if (!fresh) {
      problem(true);  // not the item again (a session ended, say): say so, keep the input
      return;
    }
    if (!item || !document.body.contains(form)) {
      swapOutOfBand(content);
      return;
    }
    problem(false);
    var added = fresh.hasAttribute("data-draft-added");
    if (added) { clearDraft(form, sent.draft); }
    var state = stateOf(form);
    var unchanged = snapshot(form, false) === (added ? sent.blank : sent.whole);
    // A plain save's answer is only what it changed: the form on the page stays as it is.
    var slim = fresh.querySelector(".item-slim");
    swapOutOfBand(content);
    if (unchanged && !state.again && !slim) {
      replace(item, fresh);
      return;
    }
    // Or the user has moved on: keep their input, take the rest (status line, stored
    // status, who changed it when).
    var line = fresh.querySelector(":scope > details > summary");
    var stored = slim || fresh.querySelector("form.item-form");
    var changed = fresh.querySelector(".item-changed");
    var was = item.querySelector(".item-changed");
    item.className = fresh.className;
    if (line) { item.querySelector(":scope > details > summary").innerHTML = line.innerHTML; }
    if (stored) { form.setAttribute("data-status", stored.getAttribute("data-status")); }
    if (changed && was) { was.replaceWith(changed); }
  }

  // Status and justification: saved on every change. A note, link or document being
  // written: saved along only while a status change waits for it (Done needs evidence);
  // otherwise it goes with the next tick or with its button.
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.matches("form.item-form")) { return; }
    if (event.target.name === "kind") { return; }
    if (event.target.closest(".evidence-draft")) {
      if (checkedStatus(form) === form.getAttribute("data-status") || !draftFilled(form)) { return; }
    }
    save(form, null);
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.item-form")) { return; }
    event.preventDefault();
    save(form, event.submitter || null);
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending()) { event.preventDefault(); event.returnValue = ""; }
  });

  // ---- Opening an item in place ----
  // Opening an item fetches what is below its line (its form or its record), once: the
  // address comes from the link that does the same without JavaScript.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.matches || !details.matches("li.item > details") || !details.open) { return; }
    var link = details.querySelector(":scope > a.item-body");
    if (!link || details.hasAttribute("data-loading")) { return; }
    var url = new URL(link.href);
    var body = document.createElement("div");
    body.className = "item-body";
    link.replaceWith(body);
    load(details, url.pathname + "/items/" + encodeURIComponent(url.searchParams.get("open")), body);
  }, true);
  // The same for a transition's gate in the history: its items are listed when asked.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.matches || !details.matches("details.snapshot") || !details.open) { return; }
    var link = details.querySelector(".snapshot-items > a.snapshot-open");
    if (link && !details.hasAttribute("data-loading")) {
      load(details, link.getAttribute("href"), link.parentNode);
    }
  }, true);
  // The narrow screens' gate bar lists what is missing from the gate panel's own list.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.matches || !details.matches("details.gate-bar-missing") || !details.open) { return; }
    var list = document.getElementById("gate-missing");
    var place = details.querySelector(".gate-bar-list");
    if (list && place) {
      var copy = list.cloneNode(true);
      copy.removeAttribute("id");
      copy.className = "";
      place.replaceChildren(copy);
    }
  }, true);
  function load(details, url, target) {
    details.setAttribute("data-loading", "");
    htmx.ajax("GET", url, { target: target, swap: "innerHTML" }).then(function () {
      details.removeAttribute("data-loading");
    });
  }
  function openItem(anchor) {
    var item = document.getElementById(anchor);
    var details = item && item.querySelector(":scope > details");
    if (!details) { return false; }
    var checklists = document.getElementById("checklists");
    if (checklists && getComputedStyle(item).display === "none") {
      checklists.classList.remove("only-required", "only-open");
      Array.prototype.forEach.call(document.querySelectorAll(".item-filter input[type=checkbox]"),
        function (box) { box.checked = false; });
    }
    details.open = true;
    item.scrollIntoView({ block: "start" });
    details.querySelector("summary").focus({ preventScroll: true });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.open-item");
    if (!link || !document.getElementById(link.hash.slice(1))) { return; }
    event.preventDefault();
    var bar = link.closest("details.gate-bar-missing");
    if (bar) { bar.open = false; }  // first: the bar shrinks, and what is below moves up
    openItem(link.hash.slice(1));
    history.replaceState(null, "", link.hash);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var anchor = location.hash.slice(1);
    if (/^item-/.test(anchor)) { openItem(anchor); }
  });

  // ---- Filters: required only / open only, without a reload ----
  document.addEventListener("change", function (event) {
    var filter = event.target.closest("form.item-filter");
    var checklists = document.getElementById("checklists");
    if (!filter || !checklists) { return; }
    var url = new URL(location.href);
    [["only_required", "only-required"], ["only_open", "only-open"]].forEach(function (pair) {
      var box = filter.elements[pair[0]];
      checklists.classList.toggle(pair[1], box.checked);
      if (box.checked) { url.searchParams.set(pair[0], "true"); } else { url.searchParams.delete(pair[0]); }
    });
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  });

  // ---- Confirming what cannot be undone ----
  // Without JavaScript such a form posts to /confirm, a page that says what will happen
  // and asks. Here the same page's words come into a <dialog>; confirmed, the form posts
  // straight to its own address (its "target" field), by htmx where it uses htmx.
  function dialogWith(words, form, submitter) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-text");
    var title = document.createElement("h2");
    title.id = "confirm-dialog-title";
    title.textContent = words.title;
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.textContent = words.message;
    var actions = document.createElement("div");
    actions.className = "confirm-actions";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button button-primary";
    ok.id = "confirm-dialog-ok";
    ok.textContent = words.ok;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = words.cancel;
    actions.appendChild(ok);
    actions.appendChild(cancel);
    dialog.appendChild(title);
    dialog.appendChild(text);
    dialog.appendChild(actions);
    cancel.addEventListener("click", function () { dialog.close(); });
    ok.addEventListener("click", function () {
      dialog.close();
      form.setAttribute("data-confirmed", "");
      form.setAttribute("action", form.elements.target.value);
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    });
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  }
  function ask(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    fetch("/confirm", {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRF-Token": token ? token.content : "" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var page = parse(html);
      var part = function (id) {
        var found = page.getElementById(id);
        return found ? found.textContent.trim() : "";
      };
      dialogWith({
        title: part("confirm-title"),
        message: part("confirm-message"),
        ok: part("confirm-button"),
        cancel: part("confirm-cancel")
      }, form, submitter);
    }, function () {
      form.submit();  // the confirm page itself asks
    });
  }
  // In the capture phase, so that it runs before htmx's own submit handler on the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm")) { return; }
    if (form.hasAttribute("data-confirmed")) {
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    ask(form, event.submitter || null);
  }, true);
})();
