/* Wide tables on a phone: each table of a page scrolls sideways in a box of its own (not the whole
   figure or page), and when it is wider than the screen the reader sees it: a shadow at the edge that
   has more columns and the hint "Rul for at se hele tabellen". The box then also takes keyboard focus
   and has a name, so it can be scrolled without a mouse (axe: scrollable-region-focusable).
   A table in a closed <details> is measured again when it opens. */
(function () {
  "use strict";

  // Sphinx 7.4's Danish catalog has an empty message for a finished search (the summary was blank).
  // (doctools.js declares Documentation with const: it is a global name, not a property of window.)
  if (typeof Documentation !== "undefined" && Documentation.TRANSLATIONS) {
    Object.assign(Documentation.TRANSLATIONS, {
      "Search finished, found ${resultCount} page(s) matching the search query.":
        "Søgningen er færdig: ${resultCount} side(r) passer til søgningen.",
    });
  }

  function title(table) {
    const figure = table.closest("figure");
    const caption = table.querySelector("caption") || (figure && figure.querySelector("figcaption strong"));
    return caption ? caption.textContent.trim() : "";
  }

  function update(wrap, scroller, hint) {
    // A table in a closed <details> keeps its size in current browsers but cannot take focus.
    const shown = scroller.checkVisibility ? scroller.checkVisibility() : true;
    const overflowing = shown && scroller.scrollWidth > scroller.clientWidth + 1;
    const left = scroller.scrollLeft;
    wrap.classList.toggle("more-left", overflowing && left > 1);
    wrap.classList.toggle("more-right", overflowing && left + scroller.clientWidth < scroller.scrollWidth - 1);
    hint.hidden = !overflowing;
    if (overflowing) {
      scroller.tabIndex = 0;
      scroller.setAttribute("role", "region");
      scroller.setAttribute("aria-label", scroller.dataset.label);
    } else {
      scroller.removeAttribute("tabindex");
      scroller.removeAttribute("role");
      scroller.removeAttribute("aria-label");
    }
  }

  function setUp(table) {
    // Docutils tables already sit in the theme's scroll box; the book's own tables get one.
    let scroller = table.parentElement.closest(".pst-scrollable-table-container");
    if (!scroller) {
      scroller = document.createElement("div");
      table.before(scroller);
      scroller.append(table);
    }
    scroller.classList.add("jobbook-table-scroll");
    const name = title(table);
    scroller.dataset.label = name ? "Tabel: " + name : "Tabel";
    const wrap = document.createElement("div");
    wrap.className = "jobbook-table-wrap";
    scroller.before(wrap);
    wrap.append(scroller);
    const hint = document.createElement("p");
    hint.className = "jobbook-table-hint";
    hint.setAttribute("aria-hidden", "true");  // a cue for the eye; the box itself is named
    hint.textContent = "Rul for at se hele tabellen \u2192";
    hint.hidden = true;
    wrap.before(hint);
    const refresh = () => update(wrap, scroller, hint);
    scroller.addEventListener("scroll", refresh, { passive: true });
    new ResizeObserver(refresh).observe(scroller);
    new ResizeObserver(refresh).observe(table);
    const details = table.closest("details");
    if (details) details.addEventListener("toggle", refresh);
    refresh();
  }

  function run() {
    document.querySelectorAll("article.bd-article table").forEach((table) => {
      if (!table.closest(".jobbook-table-scroll") && !table.parentElement.closest("table")) setUp(table);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
