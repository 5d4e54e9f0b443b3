/* The charts of the page, drawn once the chart library has run.

   The library is loaded deferred (jobbook.site.page_assets), so that the page shows its text before
   the library has arrived. Each chart's script in the page ran while the page was read and handed its
   call to a stand-in vegaEmbed in <head>, which kept it in window.jobbookChartQueue. This file comes
   after the library and after jobbook.js (which wraps vegaEmbed), and draws them in page order; a
   chart's own failure message works as before, through the promise its script was given. */
(function () {
  "use strict";
  const queue = Array.isArray(window.jobbookChartQueue) ? window.jobbookChartQueue : [];
  window.jobbookChartQueue = [];
  for (const [args, resolve, reject] of queue) {
    try {
      Promise.resolve(window.vegaEmbed.apply(window, args)).then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  }
})();
