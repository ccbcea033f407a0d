// Summit badges in the admin: while the PDF is being made, ask for progress every
// two seconds and update the bar, then offer the download. Without JavaScript the
// page has a refresh link instead.
(function () {
    "use strict";
    var run = document.querySelector("[data-badge-run]");
    if (!run || (run.dataset.status !== "queued" && run.dataset.status !== "running")) {
        return;
    }
    var bar = run.querySelector("[data-badge-progress]");
    var status = run.querySelector("[data-badge-status]");
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
