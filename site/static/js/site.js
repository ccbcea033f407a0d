// Progressive enhancement only: every page works without this file.
(function () {
    document.documentElement.classList.replace("no-js", "js");

    const toggle = document.querySelector(".site-nav__toggle");
    const nav = document.getElementById("site-nav");
    if (toggle && nav) {
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            const open = toggle.getAttribute("aria-expanded") !== "true";
            toggle.setAttribute("aria-expanded", String(open));
            nav.classList.toggle("is-open", open);
        });
    }

    // Move focus to a form's error summary so screen readers announce it.
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
