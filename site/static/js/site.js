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

    // Move focus to a form's error summary so screen readers announce it.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
