// The ballot: the running total of the ticked projects against the envelope, shown as the
// resident ticks. Without JavaScript the "Check my total" button asks the server for the same
// sentence, so this only spares a round trip; it hides that button.
(function () {
  "use strict";
  var form = document.querySelector("[data-ballot]");
  if (!form || !window.Intl) return;
  var summary = form.querySelector("[data-ballot-summary]");
  var box = form.querySelector("[data-ballot-total]");
  var meter = form.querySelector("[data-ballot-meter]");
  var template = form.querySelector("[data-ballot-messages]");
  var check = form.querySelector("[data-ballot-check]");
  if (!summary || !template || !template.content) return;
  var amount = Number(form.getAttribute("data-amount"));
  var maxChoices = Number(form.getAttribute("data-max-choices")) || 0;
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function message(name, values) {
    var element = template.content.querySelector('[data-message="' + name + '"]');
    var text = element ? element.textContent.trim() : "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", numbers.format(values[key]));
    });
    return text;
  }

  function update() {
    var total = 0, count = 0;
    form.querySelectorAll('input[name="project"]').forEach(function (input) {
      if (input.checked) { total += Number(input.getAttribute("data-cost")) || 0; count += 1; }
    });
    var over, text;
    if (maxChoices) {
      over = count > maxChoices;
      text = message("count", { count: count }) + (over ? " " + message("too-many") : "");
    } else {
      over = total > amount;
      text = message("total", { total: total, amount: amount }) + " " +
        (over ? message("over") : message("left", { left: amount - total }));
    }
    summary.textContent = text;
    box.classList.toggle("ballot__total--over", over);
    if (meter) meter.value = total;
  }

  form.addEventListener("change", update);
  if (check) check.style.display = "none";
  update();
})();
