#!/usr/bin/env bash
# Refreshes the chart libraries inlined into Bench's HTML reports from npm, at the exact
# versions in package.json (integrity checked against package-lock.json by `npm ci`),
# then rewrites SHA256SUMS, which a test checks the embedded files against.
# To move to another version: edit package.json, `npm install --package-lock-only`, run this,
# open a report in a browser, and commit the lot in one change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
m="$work/node_modules"
cp "$m/chart.js/dist/chart.umd.min.js" "$here/chart.umd.min.js"
cp "$m/chart.js/LICENSE.md" "$here/chart.js.LICENSE.md"
cp "$m/@sgratzl/chartjs-chart-boxplot/build/index.umd.min.js" "$here/chartjs-chart-boxplot.umd.min.js"
cp "$m/@sgratzl/chartjs-chart-boxplot/LICENSE" "$here/chartjs-chart-boxplot.LICENSE"
(cd "$here" && sha256sum chart.umd.min.js chart.js.LICENSE.md chartjs-chart-boxplot.umd.min.js chartjs-chart-boxplot.LICENSE > SHA256SUMS)
echo "updated: $(cd "$here" && cat SHA256SUMS)"
