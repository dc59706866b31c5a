/* Draw the book's charts with the Vega runtime served from _static (no other host is contacted).
   Each figure carries its chart compiled for light and dark mode; the chart follows the page theme. */
(function () {
  "use strict";

  function pageMode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function draw(figure) {
    var mode = pageMode();
    if (figure.dataset.drawnMode === mode || typeof window.vegaEmbed !== "function") return;
    var specs = JSON.parse(figure.querySelector("script.ab-chart-spec").textContent);
    var host = figure.querySelector(".ab-chart-view");
    // Render into a container that is already in the page, so that "container" widths resolve.
    var target = document.createElement("div");
    target.className = "ab-chart-live";
    host.appendChild(target);
    figure.dataset.drawing = mode;
    window.vegaEmbed(target, specs[mode], { mode: "vega", renderer: "svg", actions: false })
      .then(function (result) {
        if (figure.dataset.drawing !== mode) { result.finalize(); target.remove(); return; }
        if (figure._abResult) figure._abResult.finalize();
        figure._abResult = result;
        // The figure's container is the image (role="img" with the description as its name).
        target.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
        Array.prototype.slice.call(host.children).forEach(function (child) {
          if (child !== target) child.remove();
        });
        figure.dataset.drawnMode = mode;
        figure.dataset.drawn = "true";
        return result.view.resize().runAsync();
      })
      .catch(function (err) {
        figure.dataset.drawn = "error";
        console.error("Chart " + figure.id + " could not be drawn:", err);
      });
  }

  function drawAll() {
    document.querySelectorAll("figure.ab-chart").forEach(draw);
  }

  function start() {
    drawAll();
    new MutationObserver(drawAll).observe(document.documentElement, {
      attributes: true, attributeFilter: ["data-theme"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
