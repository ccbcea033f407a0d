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

// Claim links: a button copies the link, and a polite status says it was copied.
// Without JavaScript (or a clipboard) the button stays hidden: the link can be
// selected in its box, or sent with the "email" link beside it.
(function () {
    "use strict";
    if (!navigator.clipboard) {
        return;
    }
    document.querySelectorAll("[data-copy]").forEach(function (button) {
        var field = document.getElementById(button.getAttribute("data-copy"));
        var status = button.closest("[data-claim-link]").querySelector("[data-copied]");
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(field.value).then(function () {
                status.textContent = "Link copied. Paste it into a message to your colleague.";
            }, function () {
                field.select();
                status.textContent = "Copying didn't work: the link is selected, copy it yourself.";
            });
        });
    });
})();
