// Bench's HTML report: draws the charts from the JSON block #bench-data with the inlined
// Chart.js and its boxplot module. Names and IDs are only ever given to Chart.js as text
// (it draws them on a canvas) or set with textContent: never parsed as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('bench-data').textContent);
  var rendered = 0, failed = 0;

  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  var hues = { 'native': 212, 'managed': 28, 'managed-nopgo': 350, 'native-bdn': 265 };
  function colour(key, alpha) {
    var parts = key.split('|');
    var hue = hues[parts[0]] !== undefined ? hues[parts[0]] : 180;
    var light = parts[1] === 'on' ? 32 : parts[1] === 'off' ? 58 : 45;
    return 'hsla(' + hue + ', 70%, ' + light + '%, ' + alpha + ')';
  }
  var verdictColours = { slower: '#cf222e', failed: '#8250df', unknown: '#bf8700', faster: '#1a7f37', same: '#8c959f' };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { failed++; console.error('bench report: no canvas #' + id); return; }
    try {
      new Chart(canvas, config);
      rendered++;
    } catch (e) {
      failed++;
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'This chart could not be drawn: ' + e;
      canvas.parentNode.parentNode.insertBefore(p, canvas.parentNode);
      console.error('bench report: chart #' + id + ': ' + e);
    }
  }

  function fixed(v, digits) { return v === null || v === undefined ? '-' : Number(v).toFixed(digits); }

  (data.cases || []).forEach(function (c, i) {
    draw('chart-case-' + i, {
      type: 'boxplot',
      data: {
        labels: c.categories,
        datasets: c.series.map(function (s) {
          return {
            label: s.label,
            data: s.samples.map(function (v) { return v === null ? [] : v; }),
            backgroundColor: colour(s.key, 0.35), borderColor: colour(s.key, 1), borderWidth: 1,
            outlierBackgroundColor: colour(s.key, 0.6), outlierRadius: 2, itemRadius: 0, medianColor: colour(s.key, 1),
            coef: 1.5, quantiles: 'hybrid'
          };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false,
        plugins: {
          legend: { position: 'top' },
          tooltip: { callbacks: { footer: function (items) {
            var s = c.series[items[0].datasetIndex];
            var id = s.ids[items[0].dataIndex];
            var n = s.samples[items[0].dataIndex];
            return id ? id + ' (' + (n ? n.length : 0) + ' samples)' : '';
          } } }
        },
        scales: { y: { min: c.axisMin, max: c.axisMax, title: { display: true, text: c.unit } }, x: { title: { display: true, text: c.categoryTitle } } }
      }
    });
  });

  if (data.comparison && data.comparison.rows.length > 0) {
    var rows = data.comparison.rows;
    var holder = document.getElementById('chart-comparison').parentNode;
    holder.style.height = Math.max(200, 60 + rows.length * 16) + 'px';
    draw('chart-comparison', {
      type: 'bar',
      data: {
        labels: rows.map(function (r) { return r.id; }),
        datasets: [{
          label: 'shift interval, % of base (head minus base; right is slower)',
          data: rows.map(function (r) { return [r.low, r.high]; }),
          backgroundColor: rows.map(function (r) { return verdictColours[r.verdict] || '#0969da'; }),
          borderSkipped: false, minBarLength: 2
        }]
      },
      options: {
        indexAxis: 'y', responsive: true, maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { label: function (item) {
          var r = rows[item.dataIndex];
          return r.verdict + ': shift ' + fixed(r.shift, 2) + '% [' + fixed(r.low, 2) + ', ' + fixed(r.high, 2) + '], threshold ±' + fixed(r.threshold, 2) + '%';
        } } } },
        scales: { x: { title: { display: true, text: '% of the base median' } }, y: { ticks: { autoSkip: false, font: { size: 10 } } } }
      }
    });
  }

  if (data.history) {
    data.history.cases.forEach(function (c, i) {
      draw('chart-history-' + i, {
        type: 'line',
        data: {
          labels: data.history.runs,
          datasets: c.series.map(function (s, k) {
            var marked = {};
            s.changePoints.forEach(function (p) { marked[p] = true; });
            var hue = (k * 47) % 360;
            return {
              label: s.label, data: s.values, spanGaps: true, borderWidth: 1.5,
              borderColor: 'hsl(' + hue + ', 65%, 45%)', backgroundColor: 'hsl(' + hue + ', 65%, 45%)',
              pointRadius: s.values.map(function (_, j) { return marked[j] ? 6 : 2; }),
              pointStyle: s.values.map(function (_, j) { return marked[j] ? 'triangle' : 'circle'; }),
              pointBackgroundColor: s.values.map(function (_, j) { return marked[j] ? '#cf222e' : 'hsl(' + hue + ', 65%, 45%)'; })
            };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false,
          plugins: { legend: { position: 'right', labels: { boxWidth: 10, font: { size: 10 } } } },
          scales: { y: { title: { display: true, text: 'median ' + data.history.unit } } }
        }
      });
    });
  }

  document.body.setAttribute('data-charts-expected', String(data.expectedCharts));
  document.body.setAttribute('data-charts-failed', String(failed));
  document.body.setAttribute('data-charts-rendered', String(rendered));
})();
