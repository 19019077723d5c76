// The ballot: the running total of the ticked projects against the envelope, shown as the
// resident ticks. Without JavaScript the "Check my total" button asks the server for the same
// sentence, so this only spares a round trip; it hides that button.
//
// Amounts are written exactly as Django writes them on the page (floatformat "0g" in the page's
// language), not as the browser's Intl would: the form's data-number-sample is Django's own
// rendering of 1234567890, from which the script learns the thousands separator, the grouping
// and the digits.
(function () {
  "use strict";
  var form = document.querySelector("[data-ballot]");
  if (!form) return;
  var summary = form.querySelector("[data-ballot-summary]");
  var box = form.querySelector("[data-ballot-total]");
  var meter = form.querySelector("[data-ballot-meter]");
  var template = form.querySelector("[data-ballot-messages]");
  var check = form.querySelector("[data-ballot-check]");
  if (!summary || !template || !template.content) return;
  var amount = Number(form.getAttribute("data-amount"));
  var maxChoices = Number(form.getAttribute("data-max-choices")) || 0;
  var numbers = numberFormat(form.getAttribute("data-number-sample") || "1234567890");

  // What Django's rendering of 1234567890 says about the language's numbers: the separator
  // between groups, the sizes of the groups from the right (the last one repeats, as Django's
  // NUMBER_GROUPING does, unless the sample shows that grouping stops), and the ten digits.
  function numberFormat(sample) {
    var digit = /[0-9\u0660-\u0669\u06F0-\u06F9]/;
    var chars = Array.from ? Array.from(sample) : sample.split("");
    var digits = [], runs = [], separator = "", pending = "", run = 0;
    chars.forEach(function (c) {
      if (digit.test(c)) {
        if (pending && run === 0 && runs.length && !separator) separator = pending;
        pending = "";
        digits.push(c);
        run += 1;
      } else {
        if (run) runs.push(run);
        run = 0;
        pending += c;
      }
    });
    if (run) runs.push(run);
    var sizes = runs.slice(1).reverse();
    return {
      separator: separator,
      sizes: sizes,
      repeat: sizes.length > 0 && runs[0] <= sizes[sizes.length - 1],
      digits: digits.length === 10 ? [digits[9]].concat(digits.slice(0, 9)) : null
    };
  }

  // ``value`` rounded to a whole number (half away from zero, like floatformat), grouped
  // unless ``plain`` (Django writes a count, {{ counter }}, without grouping).
  function format(value, plain) {
    var negative = value < 0;
    var text = String(Math.round(Math.abs(value)));
    if (!plain && numbers.separator && numbers.sizes.length) {
      var groups = [], end = text.length, index = 0;
      while (end > 0) {
        var size = index < numbers.sizes.length ? numbers.sizes[index]
          : numbers.repeat ? numbers.sizes[numbers.sizes.length - 1] : end;
        groups.unshift(text.slice(Math.max(0, end - size), end));
        end -= size;
        index += 1;
      }
      text = groups.join(numbers.separator);
    }
    if (numbers.digits) {
      text = text.replace(/[0-9]/g, function (d) { return numbers.digits[Number(d)]; });
    }
    return (negative ? "-" : "") + text;
  }

  function message(name, values, plain) {
    var element = template.content.querySelector('[data-message="' + name + '"]');
    var text = element ? element.textContent.trim() : "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", format(values[key], plain));
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
      text = message("count", { count: count }, true) + (over ? " " + message("too-many") : "");
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
