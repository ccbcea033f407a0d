// Summit badges in the admin: while the PDF is being made, ask for progress every
// two seconds and update the bar, then offer the download. Without JavaScript the
// page has a refresh link instead. The bar and its line follow every poll; the
// live region speaks only at each quarter and at the end, which is plenty to hear.
(function () {
    "use strict";
    var run = document.querySelector("[data-badge-run]");
    if (!run || (run.dataset.status !== "queued" && run.dataset.status !== "running")) {
        return;
    }
    var bar = run.querySelector("[data-badge-progress]");
    var status = run.querySelector("[data-badge-status]");
    var announce = run.querySelector("[data-badge-announce]");
    var ANNOUNCE_EVERY = 25; // percent
    var announced = {status: run.dataset.status, step: Math.floor(100 * bar.value / bar.max / ANNOUNCE_EVERY)};
    var reload = run.querySelector("[data-badge-reload]");
    if (reload) {
        reload.hidden = true;
    }
    var timer = window.setInterval(function () {
        fetch(run.dataset.progressUrl, {credentials: "same-origin"})
            .then(function (response) {
                return response.json();
            })
            .then(function (progress) {
                bar.max = progress.total || 1;
                bar.value = progress.done;
                bar.textContent = progress.percent + "%";
                status.textContent = progress.status_label + ": " + progress.done + " / " + progress.total;
                var step = Math.floor(progress.percent / ANNOUNCE_EVERY);
                if (progress.status !== announced.status || step !== announced.step) {
                    announced = {status: progress.status, step: step};
                    announce.textContent = status.textContent;
                }
                if (progress.status === "done" || progress.status === "failed") {
                    window.clearInterval(timer);
                    run.querySelector("[data-badge-download]").hidden = progress.status !== "done";
                }
            })
            .catch(function () {
                window.clearInterval(timer);
                if (reload) {
                    reload.hidden = false;
                }
            });
    }, 2000);
})();
