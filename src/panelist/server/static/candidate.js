// Saves each answer being written as a draft, a moment after the candidate stops typing, and
// says so in its status line (announced politely by screen readers): the one answer of a
// question, or each follow-up answer of a page of follow-up questions (its data-save-status
// names its line). An answer over the length limit is not cut: it is not saved, and the status
// line says by how much it is too long. Without this script the form's buttons save the
// answers instead, and the server says the same.
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function autosave(area, status) {
    var url = area.getAttribute("data-draft-url");
    var limit = Number(area.getAttribute("data-max-chars")) || 0;
    // What the server has: the page's own text. Text typed before this script ran (a fast
    // typist, a slow page) differs from it and is saved at once.
    var saved = area.defaultValue;
    var timer = null;
    var saving = false;
    var again = false;

    function show(text, problem) {
      status.textContent = text;
      status.classList.toggle("problem", Boolean(problem));
    }

    function save() {
      timer = null;
      if (saving) { again = true; return; }
      var text = area.value;
      if (text === saved) { return; }
      if (limit && text.length > limit) {
        show("Too long: " + text.length.toLocaleString("en") + " characters; the limit is " +
          limit.toLocaleString("en") + ". Shorten it: it is not saved until then.", true);
        return;
      }
      saving = true;
      show("Saving…");
      fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text }),
        credentials: "omit"
      }).then(function (response) {
        if (response.ok) {
          saved = text;
          show(area.value === text ? "Saved" : "Saving…");
          return null;
        }
        return response.json().then(function (body) {
          show("Not saved: " + (body && body.error ? body.error : "error " + response.status), true);
        }, function () { show("Not saved (error " + response.status + ")", true); });
      }).catch(function () {
        show("Not saved: no connection. Your text is still here; it is saved when you go on.", true);
      }).then(function () {
        saving = false;
        if (again || area.value !== saved) { again = false; schedule(); }
      });
    }

    function schedule() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 700);
    }

    area.addEventListener("input", schedule);
    area.addEventListener("blur", function () { if (area.value !== saved) { save(); } });
    if (area.value !== saved) { schedule(); }
  }

  document.querySelectorAll("textarea[data-draft-url]").forEach(function (area) {
    var status = document.getElementById(area.getAttribute("data-save-status") || "save-status");
    if (status) { autosave(area, status); }
  });
})();
