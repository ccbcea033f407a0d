// Characters left in a textarea with data-character-count, announced politely to
// screen readers a moment after typing stops (docs/proposals.md). Without this
// script the field's hint says its limit and the server checks it.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-character-count]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-character-count"), 10);
    var status = document.createElement("p");
    status.className = "field__hint character-count";
    status.id = area.id + "-count";
    status.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", status);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + status.id);
    var timer = null;
    function update() {
      var left = limit - area.value.length;
      status.textContent = left >= 0
        ? left + (left === 1 ? " character" : " characters") + " left"
        : -left + (left === -1 ? " character" : " characters") + " too many";
      status.classList.toggle("field__error", left < 0);
    }
    update();
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  });
})();
