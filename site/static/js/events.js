// Booking: when a place is left for a colleague, hide the details nobody needs to
// fill in. Without JavaScript every field shows and the server ignores them.
(function () {
    "use strict";
    document.querySelectorAll("[data-place]").forEach(function (place) {
        var details = place.querySelector("[data-attendee-details]");
        var radios = place.querySelectorAll('input[type="radio"][name$="-who"]');
        if (!details || !radios.length) {
            return;
        }
        function update() {
            var colleague = place.querySelector('input[type="radio"][name$="-who"][value="colleague"]');
            details.hidden = Boolean(colleague && colleague.checked);
        }
        radios.forEach(function (radio) {
            radio.addEventListener("change", update);
        });
        update();
    });
})();
