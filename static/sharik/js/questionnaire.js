// The questionnaire: saved as the participant goes, conditional questions shown when their
// condition is met. Without JavaScript the form works as is (Save / Submit buttons; the server
// shows or hides conditional questions after each save).
(function () {
  "use strict";
  var form = document.querySelector("[data-questionnaire]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-save-status]");
  var timer = null;

  function checked(questionId, choiceId) {
    var inputs = form.querySelectorAll('[name="q-' + questionId + '"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value === choiceId && inputs[i].checked) return true;
    }
    return false;
  }

  function isShown(section) {
    var question = section.getAttribute("data-show-if-question");
    if (!question) return true;
    var parent = form.querySelector('[data-question="' + question + '"]');
    if (parent && !isShown(parent)) return false;
    return checked(question, section.getAttribute("data-show-if-choice"));
  }

  function applyConditions() {
    form.querySelectorAll("[data-show-if-question]").forEach(function (section) {
      section.hidden = !isShown(section);
    });
    // "Other: which?" asks only once "Other" is ticked (or already has text).
    form.querySelectorAll("[data-other-for]").forEach(function (other) {
      var input = other.querySelector("input");
      other.hidden = !checked(other.getAttribute("data-other-for"), "other") && !(input && input.value);
    });
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-live-error]").forEach(function (element) { element.remove(); });
    Object.keys(errors || {}).forEach(function (questionId) {
      var section = form.querySelector('[data-question="' + questionId + '"]');
      if (!section) return;
      var message = document.createElement("p");
      message.className = "form-field__error";
      message.setAttribute("data-live-error", "");
      message.textContent = errors[questionId].join(" ");
      section.appendChild(message);
    });
  }

  function save() {
    timer = null;
    var data = new FormData(form);
    data.append("action", "autosave");
    if (status) status.textContent = "…";
    // form.action would name the buttons called "action": read the attribute.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    })
      .then(function (response) {
        return response.json().catch(function () { return { saved: false }; });
      })
      .then(function (result) {
        if (status) status.textContent = result.message || status.getAttribute("data-failed") || "";
        showErrors(result.errors);
      })
      .catch(function () {
        if (status) status.textContent = status.getAttribute("data-offline") || "";
      });
  }

  function schedule(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", function () {
    applyConditions();
    schedule(300);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") schedule(1500);
  });
  // Leaving with a save pending: save now.
  window.addEventListener("pagehide", function () { if (timer) { clearTimeout(timer); save(); } });
  applyConditions();
  // After a refused submission, the summary of what needs attention is read first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
