// Recruiter pages: the copy button of an invitation link (or of a new API token: its
// data-copy-what names it), and the job page's interview statuses, refreshed every few seconds while the page is open.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var note = document.getElementById(button.getAttribute("data-copy-status"));
    var what = button.getAttribute("data-copy-what") || "link";
    var copied = what.charAt(0).toUpperCase() + what.slice(1) + " copied.";
    var manual = "Press Ctrl+C (or Cmd+C) to copy the selected " + what + ".";
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var said = false;
      function done(text) { said = true; if (note) { note.textContent = text; } }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { done(copied); },
          function () { done(manual); });
        // A browser may leave the request unanswered (a permission prompt, a page without
        // focus): say how to copy by hand meanwhile; a late success still says "copied".
        setTimeout(function () { if (!said && note) { note.textContent = manual; } }, 1500);
      } else {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok ? copied : manual);
      }
    });
  });

  var FINAL = { evaluated: true, failed: true };

  function poll(url, apply, every) {
    var timer = null;
    function tick() {
      if (document.hidden) { timer = setTimeout(tick, every); return; }
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok || (r.headers.get("Content-Type") || "").indexOf("json") < 0) {
            throw new Error("stopped");
          }
          return r.json();
        })
        .then(function (body) { if (apply(body) !== false) { timer = setTimeout(tick, every); } })
        .catch(function () { /* signed out or gone: stop polling */ });
    }
    timer = setTimeout(tick, every);
    return timer;
  }

  var table = document.querySelector("[data-status-url]");
  if (table) {
    var live = document.getElementById("status-live");
    poll(table.getAttribute("data-status-url"), function (body) {
      var changes = [];
      body.interviews.forEach(function (item) {
        var row = table.querySelector('[data-interview="' + item.id + '"]');
        if (!row) { return; }
        var badge = row.querySelector('[data-field="label"]');
        if (badge && badge.getAttribute("data-status") !== item.status) {
          badge.textContent = item.label;
          badge.className = "status status-" + item.status;
          badge.setAttribute("data-status", item.status);
          changes.push(item.candidate + ": " + item.label);
        }
        var detail = row.querySelector('[data-field="detail"]');
        if (detail) { detail.textContent = item.detail; }
        var word = row.querySelector("[data-link-text]");
        if (word) { word.textContent = item.report_url ? "Report" : "Details"; }
      });
      if (live && changes.length) { live.textContent = changes.join(". "); }
    }, 3000);
  }

  var waiting = document.querySelector("[data-wait-url]");
  if (waiting) {
    var id = waiting.getAttribute("data-interview");
    poll(waiting.getAttribute("data-wait-url"), function (body) {
      var item = body.interviews.filter(function (i) { return i.id === id; })[0];
      if (item && FINAL[item.status]) { window.location.reload(); return false; }
      var note = waiting.querySelector('[data-field="detail"]');
      if (item && note) { note.textContent = item.label + (item.detail ? ": " + item.detail : ""); }
      return true;
    }, 3000);
  }
})();
