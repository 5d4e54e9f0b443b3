/* Live charts, loaded when the reader asks for more.

   Every chart is in the page as SVG drawn when the book was built (jobbook.present.chart_svg): two
   drawings, for a phone's column and for a page's, of which the stylesheet shows the one that fits.
   The chart library (vendor/vega-bundle.js, 880 KB) is loaded only when the reader asks for what the
   drawing cannot give: the values under a pointer (a hover with a mouse, a tap on a touch screen) or
   the what-if's sliders (jobbook.present.whatif). The live chart is then drawn, hidden, at the width of
   the drawing shown, and put in its place: it has the same size, so nothing on the page moves.

   Tooltips by tap: Vega shows a tooltip on "pointermove" and hides it on "mouseout". A tap on a
   touch screen sends no pointermove, so after each tap (its "click") one is sent to the mark tapped;
   a tap elsewhere sends the browser's "mouseout", which hides it again.

   window.jobbookCharts.live(chart) draws a chart live (a promise of vega-embed's result);
   a chart with its own way of being drawn (the what-if) sets chart.jobbookStart. */
(function () {
  "use strict";

  const script = document.currentScript;
  const LIBRARY = new URL("vendor/vega-bundle.js", script ? script.src : location.href).href;
  const OPTIONS = { actions: false, renderer: "svg" };
  let library = null;
  const started = new WeakMap();

  function load() {
    if (!library) {
      library = new Promise((resolve, reject) => {
        if (typeof window.vegaEmbed === "function") return resolve(window.vegaEmbed);
        const tag = document.createElement("script");
        tag.src = LIBRARY;
        tag.async = true;
        tag.onload = () => (typeof window.vegaEmbed === "function" ? resolve(window.vegaEmbed)
                                                                  : reject(new Error("no vegaEmbed in " + LIBRARY)));
        tag.onerror = () => reject(new Error("the chart library could not be loaded: " + LIBRARY));
        document.head.append(tag);
      });
      library.catch(() => { library = null; });  // a later interaction tries again
    }
    return library;
  }

  // The drawing the reader sees (the other one is display: none).
  function shownDrawing(chart) {
    return Array.from(chart.querySelectorAll("svg.jobbook-static")).find((svg) => svg.getClientRects().length > 0)
      || chart.querySelector("svg.jobbook-static");
  }

  // Draw `spec` live in a hidden box over the static drawing, then swap: the container keeps its height
  // meanwhile, and the live chart, drawn at the same width and scaled the same way, has the same height.
  async function swap(chart, spec, options) {
    const embed = await load();
    const drawing = shownDrawing(chart);
    const width = drawing ? Number(drawing.dataset.width) : 0;
    const sized = width ? Object.assign({}, spec, { width: width }) : spec;
    const holder = document.createElement("div");
    holder.className = "jobbook-chart-live";
    holder.style.cssText = "position:absolute;left:0;right:0;top:0;visibility:hidden";
    chart.style.minHeight = chart.offsetHeight + "px";
    chart.append(holder);
    let result;
    try {
      result = await embed(holder, sized, Object.assign({}, OPTIONS, options || {}));
    } catch (error) {
      holder.remove();
      chart.style.minHeight = "";
      throw error;
    }
    const active = document.activeElement;  // a slider of the drawing, handed to the live one (the what-if)
    result.jobbookFocused = active && chart.contains(active) ? active.getAttribute("name") : null;
    chart.querySelectorAll(".jobbook-static, .jobbook-static-controls").forEach((el) => el.remove());
    holder.style.cssText = "";
    chart.classList.add("jobbook-chart-is-live");
    requestAnimationFrame(() => { chart.style.minHeight = ""; });
    chart.dispatchEvent(new CustomEvent("jobbook:live", { bubbles: true, detail: result }));
    return result;
  }

  function plainStart(chart) {
    const data = chart.querySelector("script.jobbook-chart-spec");
    return swap(chart, JSON.parse(data.textContent));
  }

  function live(chart) {
    if (!started.has(chart)) {
      const start = chart.jobbookStart || plainStart;
      const drawn = Promise.resolve().then(() => start(chart));
      drawn.catch((error) => { started.delete(chart); console.warn(error); });
      started.set(chart, drawn);
    }
    return started.get(chart);
  }

  // After the swap, the mark under the pointer gets the pointermove the reader's gesture did not send.
  function pointAt(x, y) {
    const target = document.elementFromPoint(x, y);
    if (target && target.closest(".jobbook-chart-live svg")) {
      target.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: x, clientY: y,
                                                             pointerType: "touch" }));
    }
  }

  function chartOf(event) {
    const target = event.target instanceof Element ? event.target : null;
    return target && target.closest(".jobbook-chart");
  }

  // A mouse over a chart: its values are wanted.
  document.addEventListener("pointerover", (event) => {
    const chart = chartOf(event);
    if (!chart || event.pointerType === "touch" || started.has(chart)) return;
    let x = event.clientX, y = event.clientY;
    const follow = (move) => { x = move.clientX; y = move.clientY; };
    chart.addEventListener("pointermove", follow);
    live(chart).then(() => {
      chart.removeEventListener("pointermove", follow);
      if (chart.matches(":hover")) pointAt(x, y);
    }, () => chart.removeEventListener("pointermove", follow));
  });

  // A tap (or a click): the live chart if it is not there yet, and the tooltip of the mark tapped.
  document.addEventListener("click", (event) => {
    const chart = chartOf(event);
    if (!chart) return;
    const x = event.clientX, y = event.clientY;
    if (started.has(chart)) {
      if (chart.classList.contains("jobbook-chart-is-live")) pointAt(x, y);
      return;
    }
    live(chart).then(() => pointAt(x, y), () => {});
  });

  window.jobbookCharts = { load: load, live: live, swap: swap, shownDrawing: shownDrawing };
})();
