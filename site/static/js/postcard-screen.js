// The venue's big screen of ambition postcards: every few seconds (the page says how
// many), ask for the page again and put its newest cards in place of the old, quietly
// (no live region: a screen in a hall should not talk). The button pauses and resumes
// the updates (WCAG 2.2.2); without JavaScript the page stays as it was loaded.
(function () {
    "use strict";
    var cards = document.querySelector("[data-postcard-screen]");
    var pause = document.querySelector("[data-postcard-pause]");
    if (!cards || !pause) {
        return;
    }
    var seconds = Number(cards.dataset.refreshSeconds) || 30;
    var paused = false;
    pause.hidden = false;
    pause.addEventListener("click", function () {
        paused = !paused;
        pause.setAttribute("aria-pressed", String(paused));
    });
    window.setInterval(function () {
        if (paused || document.hidden) {
            return;
        }
        fetch(window.location.href, {credentials: "same-origin"})
            .then(function (response) {
                return response.ok ? response.text() : Promise.reject(response.status);
            })
            .then(function (html) {
                var fresh = new DOMParser()
                    .parseFromString(html, "text/html")
                    .querySelector("[data-postcard-screen]");
                if (fresh) {
                    cards.replaceChildren.apply(cards, Array.from(fresh.childNodes));
                }
            })
            .catch(function () {
                // A missed update is harmless: the next one tries again.
            });
    }, seconds * 1000);
}());
