// Polls the progress of the background jobs on a page (core/job_progress.html)
// and reloads the page once a job has finished, so its outcome is rendered by
// the server like everything else.
(function () {
  "use strict";
  function watch(box) {
    if (box.dataset.finished === "1") return;
    var bar = box.querySelector("progress");
    function poll() {
      fetch(box.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) return;
          if (job.percent !== null) { bar.value = job.percent; bar.textContent = job.percent + "%"; }
          ["status_label", "done", "total"].forEach(function (name) {
            var field = box.querySelector('[data-job-field="' + name + '"]');
            if (field && job[name] !== null) field.textContent = job[name];
          });
          if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }
  document.querySelectorAll(".job-progress[data-job-url]").forEach(watch);
})();
