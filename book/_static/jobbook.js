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

/* Figures: the chart as a picture (PNG, SVG) and a link to the figure.
   Every figure (jobbook.present.figures) has an anchor, "figur-<slug>", and under it a row with its
   CSV files, two hidden buttons for the chart's pictures and a "Link til figuren" link.
   - The pictures are made here, in the reader's browser, from the chart as the page shows it: the
     SVG drawn when the book was built, or the live chart once book/_static/jobbook-charts.js has put
     it in its place (the what-if after the reader moved a slider). The figure's title goes above, its
     source and licence below; the PNG is that SVG drawn on a canvas at twice its size. Nothing is sent
     anywhere and the chart library is not needed. The buttons are shown as soon as this script runs.
   - The link goes to the figure's anchor (so it works without this script); here it also copies
     the address to the clipboard and shows it. */
(function () {
  "use strict";

  function showPictureButtons() {
    document.querySelectorAll("figure.jobbook-figure").forEach((figure) => {
      if (!figure.querySelector(".jobbook-chart svg.marks")) return;
      figure.querySelectorAll("button.jobbook-image").forEach((button) => { button.hidden = false; });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showPictureButtons);
  else showPictureButtons();

  function status(figure, message) {
    const box = figure.querySelector(".jobbook-link-status");
    if (box) box.textContent = message;
  }

  function save(url, name) {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    if (url.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // A picture carries its figure's title above the chart and its source (and note) below, as the
  // page shows them: a chart copied into a slide or an article still says what it is and where
  // its numbers come from.
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  // The colours of a role (jobbook-colours.css, written by the build from jobbook.present.colours).
  const role = (name) => getComputedStyle(document.documentElement).getPropertyValue(`--jobbook-${name}`).trim();
  const measure = document.createElement("canvas").getContext("2d");

  function wrapText(text, font, width) {
    measure.font = font;
    const lines = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const longer = line ? line + " " + word : word;
      if (line && measure.measureText(longer).width > width) {
        lines.push(line);
        line = word;
      } else {
        line = longer;
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  // The blocks of text above and below a chart `width` px wide, at `scale`, laid out.
  function frame(figure, width, scale) {
    // The caption above the chart holds its title and unit; the line below it, its source and note.
    const caption = figure.querySelector("figcaption");
    const title = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    const source = figure.querySelector(".jobbook-figure-source");
    // The licence from the page's footer (jobbook-footer.html) goes below the source: a picture
    // taken out of the book still says on what terms it may be used.
    const licence = document.querySelector(".jobbook-licence");
    const below = (source ? source.textContent : "") + " " + (licence ? licence.textContent : "");
    const footer = below.replace(/\s+/g, " ").trim();
    const pad = 12 * scale;
    const block = (text, size, weight) => {
      const font = `${weight} ${size * scale}px ${FONT}`;
      return { font, size: size * scale, step: Math.round(size * scale * 1.35),
               lines: text ? wrapText(text, font, width - 2 * pad) : [] };
    };
    const head = block(title, 15, 600);
    const foot = block(footer, 11, 400);
    const headHeight = head.lines.length ? pad + head.lines.length * head.step : 0;
    const footHeight = foot.lines.length ? foot.lines.length * foot.step + pad : 0;
    return { pad, head, foot, headHeight, footHeight };
  }

  // The chart as the reader sees it: the drawing shown (or the live chart), as a standalone SVG
  // element at the size it was laid out for.
  function chartSvg(chart) {
    const shown = Array.from(chart.querySelectorAll("svg.marks")).find((svg) => svg.getClientRects().length > 0)
      || chart.querySelector("svg.marks");
    if (!shown) return null;
    const copy = shown.cloneNode(true);
    const box = (shown.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
    const width = box.length === 4 && box[2] ? box[2] : parseFloat(shown.getAttribute("width"));
    const height = box.length === 4 && box[3] ? box[3] : parseFloat(shown.getAttribute("height"));
    ["class", "style", "aria-hidden", "focusable", "data-width", "role", "aria-label", "aria-roledescription"]
      .forEach((name) => copy.removeAttribute(name));
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${width} ${height}`);
    return { element: copy, width, height };
  }

  function svgWithCaption(chart, figure) {
    const SVG = "http://www.w3.org/2000/svg";
    const drawn = chartSvg(chart);
    if (!drawn) throw new Error("no chart to save");
    const { width, height } = drawn;
    const f = frame(figure, width, 1);
    const doc = document.implementation.createDocument(SVG, "svg", null);
    const root = doc.documentElement;
    const total = f.headHeight + height + f.footHeight;
    root.setAttribute("width", width);
    root.setAttribute("height", total);
    root.setAttribute("viewBox", `0 0 ${width} ${total}`);
    const background = doc.createElementNS(SVG, "rect");
    Object.entries({ width, height: total, fill: role("background") }).forEach(([k, v]) => background.setAttribute(k, v));
    root.append(background);
    const write = (block, y, color, weight) => block.lines.forEach((line, i) => {
      const text = doc.createElementNS(SVG, "text");  // textContent: the caption stays text, never markup
      Object.entries({ x: f.pad, y: y + i * block.step, "dominant-baseline": "hanging", fill: color,
                       "font-family": FONT, "font-size": block.size, "font-weight": weight })
        .forEach(([k, v]) => text.setAttribute(k, v));
      text.textContent = line;
      root.append(text);
    });
    write(f.head, f.pad, role("title"), 600);
    drawn.element.setAttribute("y", f.headHeight);
    root.append(doc.importNode(drawn.element, true));
    write(f.foot, f.headHeight + height, role("muted"), 400);
    return { text: new XMLSerializer().serializeToString(doc), width, height: total };
  }

  function svgFile(chart, figure) {
    const picture = svgWithCaption(chart, figure);
    return URL.createObjectURL(new Blob([picture.text], { type: "image/svg+xml" }));
  }

  // The same picture drawn on a canvas at twice its size: sharp in a document or on a slide.
  async function pngFile(chart, figure) {
    const scale = 2;
    const picture = svgWithCaption(chart, figure);
    const image = new Image();
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(picture.text);
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(picture.width * scale);
    canvas.height = Math.round(picture.height * scale);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/png");
  }

  async function savePicture(button) {
    const figure = button.closest("figure.jobbook-figure");
    const chart = figure && figure.querySelector(".jobbook-chart");
    if (!chart) return;
    const format = button.dataset.format;  // "png" or "svg"
    button.setAttribute("aria-busy", "true");
    try {
      save(await (format === "png" ? pngFile(chart, figure) : svgFile(chart, figure)), button.dataset.file);
      status(figure, "");
    } catch (err) {
      console.warn(err);
      status(figure, "Figuren kunne ikke gemmes som " + format.toUpperCase() + ".");
    } finally {
      button.removeAttribute("aria-busy");
    }
  }

  // The query is kept: the what-if writes its sliders' settings there, and a shared link opens them.
  function figureAddress(id) {
    return location.origin + location.pathname + location.search + "#" + encodeURIComponent(id);
  }

  async function copyLink(link) {
    const figure = link.closest("figure.jobbook-figure");
    const address = figureAddress(figure.id);
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(address);
        copied = true;
      }
    } catch (err) {
      copied = false;  // no permission: the address is shown to copy by hand
    }
    status(figure, (copied ? "Linket er kopieret: " : "Link til figuren: ") + address);
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target && target.closest("figure.jobbook-figure button.jobbook-image");
    if (button) savePicture(button);
    const link = target && target.closest("figure.jobbook-figure a.jobbook-permalink");
    if (link) copyLink(link);  // the browser still follows the link to the anchor
  });

})();

/* Search results: a snippet from the text around the word, not from tables.
   Sphinx 7.4's search page (searchtools.js, loaded after this file on search.html only) fetches each
   page it found and shows 240 characters around the first place the word occurs in Search.htmlToText(page),
   i.e. all text of [role=main]: the print-only table of contents, every table cell, the download links
   and the "on this page" list. A number or a konto name is then shown in a run of table cells.
   Here the text is read from the article alone, in three steps, the first that holds the word wins:
   1. prose: the article without figures, tables, <details>, code blocks and controls;
   2. prose with the figures' captions and text alternatives;
   3. everything in the article, tables included (a word that is only in a table).
   Words are found at their start; the snippet is the first place with the most of the searched words
   around it, cut between words. Splitting the query keeps
   numbers as printed ("23,1") whole: splitQuery in language_data.js (jobbook.site.sphinxext). */
(function () {
  "use strict";

  const ALWAYS = [".headerlink", "script", "style", "noscript", "template", ".jobbook-downloads", ".jobbook-chart",
                  ".jobbook-table-hint", "button", "nav", ".toctree-wrapper"];
  const STEPS = [
    ALWAYS.concat(["figure", "table", "details", "pre", "div.highlight", ".cell_input"]),
    ALWAYS.concat(["table", "details", "pre", "div.highlight", ".cell_input"]),
    ALWAYS,
  ];
  const BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, caption, th, td, summary, div, section, blockquote";
  const CONTEXT = 120;
  const LENGTH = 240;

  function contentOf(htmlString, anchor, remove) {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const main = doc.querySelector('[role="main"]') || doc.body;
    let root = main.querySelector("article.bd-article") || main;
    if (anchor && anchor.startsWith("#")) {
      const section = doc.getElementById(decodeURIComponent(anchor.slice(1)));
      if (section && main.contains(section)) root = section;
    }
    root.querySelectorAll(remove.join(", ")).forEach((el) => el.remove());
    root.querySelectorAll(BLOCKS).forEach((el) => el.append(" "));  // blocks never run together
    return root.textContent.replace(/\s+/g, " ").trim();
  }

  function escapeRegExp(value) {
    return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Where the words start in the text (not the middle of a word): [position, word index], in order.
  function wordStarts(text, keywords) {
    const lower = text.toLowerCase();
    const found = [];
    keywords.forEach((keyword, index) => {
      if (!keyword) return;
      const pattern = new RegExp("(^|[^\\p{L}\\p{N}])" + escapeRegExp(keyword.toLowerCase()), "gu");
      for (const match of lower.matchAll(pattern)) found.push([match.index + match[1].length, index]);
    });
    return found.sort((a, b) => a[0] - b[0]);
  }

  // The place to show: the first one with the most of the searched words around it; -1 if none.
  function bestPlace(text, keywords) {
    const starts = wordStarts(text, keywords);
    let best = -1;
    let bestCount = 0;
    for (const [at] of starts) {
      const near = new Set(starts.filter(([other]) => Math.abs(other - at) <= CONTEXT).map(([, index]) => index));
      if (near.size > bestCount) {
        best = at;
        bestCount = near.size;
      }
    }
    return best;
  }

  function snippet(text, at) {
    let start = Math.max(at - CONTEXT, 0);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    let end = Math.min(start + LENGTH, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      end = space > at ? space : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
  }

  function install() {
    if (typeof Search === "undefined" || Search.jobbookSnippets) return;
    Search.jobbookSnippets = true;
    Search.htmlToText = (htmlString, anchor) => contentOf(htmlString, anchor, STEPS[0]);
    Search.makeSearchSummary = (htmlString, keywords, anchor) => {
      let text = "";
      let at = -1;
      for (const remove of STEPS) {
        text = contentOf(htmlString, anchor, remove);
        at = bestPlace(text, [...keywords]);
        if (at >= 0) break;
      }
      if (at < 0) {
        text = contentOf(htmlString, anchor, STEPS[0]);
        at = 0;
      }
      if (!text) return null;
      const summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = snippet(text, at);
      return summary;
    };
  }

  install();  // searchtools.js is loaded after this file: again when the page has been read
  // (also when this file runs deferred, while the document is "interactive": the deferred
  // searchtools.js after it has not run yet, and DOMContentLoaded comes after both)
  if (document.readyState !== "complete") document.addEventListener("DOMContentLoaded", install);
  // The search page loads searchtools.js only when a search is made (jobbook.site.page_assets).
  document.addEventListener("jobbook:searchtools", install);
})();
