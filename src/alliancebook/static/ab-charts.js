/* Draw the book's charts with the Vega runtime served from _static (no other host is contacted).
   Until a reader hovers, focuses or taps a chart, each chart shows its static pictures (light and
   dark, chosen by CSS); the runtime (ab-vega.js) is loaded on that first touch and then draws
   every chart on the page, following the page's colour mode. */
(function () {
  "use strict";

  var script = document.currentScript;
  var runtimeUrl = script ? script.src.replace(/ab-charts\.js(\?.*)?$/, "ab-vega.js") : null;
  var loading = null;

  function pageMode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function loadRuntime() {
    if (typeof window.vegaEmbed === "function") return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = runtimeUrl;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("could not load " + runtimeUrl)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
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

  function wake() {
    loadRuntime().then(function () {
      drawAll();
      new MutationObserver(drawAll).observe(document.documentElement, {
        attributes: true, attributeFilter: ["data-theme"]
      });
    }).catch(function (err) { console.error(err.message); });
  }

  function start() {
    var figures = document.querySelectorAll("figure.ab-chart");
    var once = function () {
      figures.forEach(function (f) {
        ["pointerenter", "focusin", "touchstart"].forEach(function (e) { f.removeEventListener(e, once); });
      });
      wake();
    };
    figures.forEach(function (f) {
      ["pointerenter", "focusin", "touchstart"].forEach(function (e) {
        f.addEventListener(e, once, { passive: true });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
