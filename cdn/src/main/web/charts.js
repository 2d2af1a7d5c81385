// What a job's page draws, shared with the comparison page (two jobs side by side): the heatmap of CV accuracy over
// the grid, and the learning curves of a trial's folds (train vs validation loss and accuracy), with uPlot.
import uPlot from 'uplot';
import { esc } from './api.js';

const FOLD_COLORS = ['#e63946', '#457b9d', '#2a9d8f', '#e9c46a', '#6d597a', '#f4a261', '#1d3557', '#8ab17d'];

/**
 * A table of learning rate (rows) × momentum (columns) in {@code target}, each cell shaded by its CV accuracy (the
 * best of the cell's trials). The shade is a custom property set through CSSOM, so the markup has no style attribute
 * (ready for a CSP without 'unsafe-inline' styles).
 */
export function drawHeatmap(target, trials) {
  const rates = [...new Set(trials.map((t) => t.cell.learningRate))].sort((a, b) => a - b);
  const momenta = [...new Set(trials.map((t) => t.cell.momentum))].sort((a, b) => a - b);
  const scores = trials.map((t) => t.meanAccuracy).filter((v) => v != null);
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const cell = (lr, m) => {
    const here = trials.filter((t) => t.cell.learningRate === lr && t.cell.momentum === m);
    const done = here.filter((t) => t.meanAccuracy != null);
    if (!done.length) {
      return `<td class="pending">${esc(here[0]?.status ?? '')}</td>`;
    }
    const value = Math.max(...done.map((t) => t.meanAccuracy));
    const share = high > low ? (value - low) / (high - low) : 1;
    return `<td class="scored" data-share="${share.toFixed(3)}" title="lr ${lr}, momentum ${m}">${value.toFixed(4)}</td>`;
  };
  target.innerHTML = `<table class="heatmap"><caption>rows: learning rate · columns: momentum</caption>
    <thead><tr><th></th>${momenta.map((m) => `<th scope="col">${m}</th>`).join('')}</tr></thead>
    <tbody>${rates.map((lr) => `<tr><th scope="row">${lr}</th>${momenta.map((m) => cell(lr, m)).join('')}</tr>`).join('')}</tbody></table>`;
  target.querySelectorAll('td[data-share]').forEach((td) => td.style.setProperty('--share', td.dataset.share));
}

/** A trial's folds from the curves API ({@code fold, points: [epoch, trainLoss, trainAcc, valLoss, valAcc]}). */
export function foldsOf(trial) {
  return new Map((trial?.folds ?? []).map((f) => [f.fold, f.points.map((p) => [...p])]));
}

/**
 * The loss and accuracy charts of one trial's folds into two elements; returns the charts (destroy them before
 * drawing again).
 */
export function drawCurves(lossTarget, accuracyTarget, folds, { title = '' } = {}) {
  const epochs = Math.max(1, ...[...folds.values()].map((points) => points.length));
  const x = Array.from({ length: epochs }, (_, i) => i + 1);
  const series = (column) => [...folds.entries()].map(([, points]) => x.map((_, i) => points[i]?.[column] ?? null));
  return [
    chart(lossTarget, `${title}Loss`, x, folds, series(1), series(3)),
    chart(accuracyTarget, `${title}Accuracy`, x, folds, series(2), series(4)),
  ];
}

function chart(target, label, x, folds, train, validation) {
  const width = Math.max(280, Math.min(560, target.clientWidth || 480));
  const foldSeries = [...folds.keys()].flatMap((fold, i) => [
    { label: `fold ${fold} train`, stroke: FOLD_COLORS[i % FOLD_COLORS.length], width: 1.5 },
    { label: `fold ${fold} validation`, stroke: FOLD_COLORS[i % FOLD_COLORS.length], width: 1.5, dash: [6, 4] },
  ]);
  const data = [x, ...train.flatMap((t, i) => [t, validation[i]])];
  // What is drawn, for people's tools and the e2e tests: epochs on the x axis, curves (train and validation per fold).
  target.dataset.epochs = String(x.length);
  target.dataset.curves = String(foldSeries.length);
  return new uPlot({ title: `${label}: train (solid) vs validation (dashed)`, width, height: 260,
    scales: { x: { time: false } }, axes: [{ label: 'epoch' }, { label: label.replace(/^.*· /, '') }],
    series: [{ label: 'epoch' }, ...foldSeries] }, data, target);
}
