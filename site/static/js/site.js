// Progressive enhancement only: every page works without this file.
(function () {
    document.documentElement.classList.replace("no-js", "js");

    // The phone menu: a disclosure button (Enter or Space opens and closes it; Escape
    // closes it from anywhere inside and returns to the button). Without this script
    // the button stays hidden and the links are listed in full.
    const toggle = document.querySelector(".site-nav__toggle");
    const nav = document.getElementById("site-nav");
    if (toggle && nav) {
        const setOpen = function (open) {
            toggle.setAttribute("aria-expanded", String(open));
            nav.classList.toggle("is-open", open);
        };
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            setOpen(toggle.getAttribute("aria-expanded") !== "true");
        });
        document.addEventListener("keydown", function (event) {
            const inside = nav.contains(event.target) || event.target === toggle;
            if (event.key === "Escape" && inside && toggle.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                toggle.focus();
            }
        });
    }

    // Videos (templates/blocks/video_block.html): the provider's player, from its
    // privacy-enhanced address, is inserted only when the visitor presses Play, and
    // takes the focus so keyboard users carry on inside it.
    document.querySelectorAll("[data-video-play]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            const frame = button.closest("[data-video-frame]");
            const player = document.createElement("iframe");
            player.src = button.dataset.playerUrl;
            player.title = button.dataset.playerTitle;
            player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
            player.allowFullscreen = true;
            // YouTube's player refuses to play without our origin as referrer.
            player.referrerPolicy = "strict-origin-when-cross-origin";
            frame.replaceChildren(player);
            player.focus();
        });
    });

    // Move focus to a form's error summary so screen readers announce it.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
