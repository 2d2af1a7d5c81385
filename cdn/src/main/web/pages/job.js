// A job's page: its state live (Server-Sent Events), the heatmap of CV accuracy over the grid, every
// trial, and the learning curves of a trial's folds (train vs validation), drawn as they grow.
import { api, esc, fill, fmt } from '../api.js';
import { drawCurves, drawHeatmap, foldsOf } from '../charts.js';

let id;
let detail;
let charts = [];
let curves = new Map(); // trial id → Map(fold → points [epoch, trainLoss, trainAcc, valLoss, valAcc])
let reloadTimer;

export async function job() {
  id = document.getElementById('job').dataset.id;
  document.getElementById('cancel').addEventListener('click', () => act('cancel'));
  document.getElementById('retry').addEventListener('click', () => act('retry'));
  document.getElementById('curve-trial').addEventListener('change', () => loadCurves());
  await reload();
  await loadCurves();
  listen();
}

async function act(what) {
  try {
    await api(`/api/training-jobs/${id}/${what}`, { method: 'POST' });
    await reload();
  } catch (e) {
    document.getElementById('job-error').textContent = e.message;
  }
}

async function reload() {
  detail = await api(`/api/training-jobs/${id}`);
  showSummary(detail);
  showTrials(detail);
  showHeatmap(detail);
  const select = document.getElementById('curve-trial');
  if (select.options.length !== detail.trialResults.length) {
    select.innerHTML = detail.trialResults.map((t) => `<option value="${t.idx}">#${t.idx}: lr ${t.cell.learningRate}, momentum ${t.cell.momentum}</option>`).join('');
    select.value = String(detail.best?.trial ?? 0);
  }
}

/** Reads the job again at most every 300 ms however many events arrive. */
function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => reload().catch(console.warn), 300);
}

function showSummary(job) {
  document.title = `HUD · Job ${job.name || job.id.slice(0, 8)}`;
  document.querySelector('main h1').textContent = `Job ${job.name || job.id.slice(0, 8)}`;
  document.getElementById('job-name').textContent = job.id;
  const status = document.getElementById('job-status');
  status.textContent = job.status;
  status.dataset.status = job.status;
  document.getElementById('job-progress').value = job.progress;
  document.getElementById('job-progress-text').textContent = `${job.progress.toFixed(1)} %`;
  document.getElementById('cancel').hidden = ['succeeded', 'failed', 'cancelled'].includes(job.status);
  document.getElementById('retry').hidden = job.status !== 'failed';
  document.getElementById('job-error').textContent = job.error ?? '';
  const best = job.best ? `lr ${job.best.cell.learningRate}, momentum ${job.best.cell.momentum}: ${fmt.acc(job.best.cvAccuracy)} ± ${fmt.acc(job.best.cvStd)} ${fmt.interval(job.best.cvLow, job.best.cvHigh)}` : '–';
  const request = job.request ?? {};
  const stopping = request.earlyStopping
    ? `early stopping on ${Math.round((request.earlyStopping.validationFraction ?? 0.1) * 100)} % of each fold's training rows, patience ${request.earlyStopping.patience}`
    : 'no early stopping';
  const evaluation = `${request.folds ?? '–'} folds × ${request.repeats ?? 1} repeats, ${request.optimizer ?? 'sgd'}, ${stopping}`;
  const facts = {
    Owner: esc(job.owner), Device: esc(job.devices.join(', ') || job.device), Trials: `${job.trialsSucceeded}/${job.trials} succeeded${job.trialsFailed ? `, ${job.trialsFailed} failed` : ''}`,
    Evaluation: esc(evaluation), 'Best cell': esc(best), 'Refit epochs': fmt.num(job.best?.refitEpochs),
    'Holdout accuracy': fmt.acc(job.holdout?.accuracy), 'Holdout F1 / ROC AUC': job.holdout ? `${fmt.acc(job.holdout.f1)} / ${fmt.acc(job.holdout.rocAuc)}` : '–',
    Model: job.modelId ? `<a href="/models/${esc(job.modelId)}">${esc(job.modelId.slice(0, 8))}</a>` : '–',
    'Wall time': fmt.secs(job.wallSeconds), Submitted: fmt.when(job.createdAt),
  };
  document.getElementById('job-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
}

function showTrials(job) {
  fill('#trials', job.trialResults, (t) => `<tr data-trial="${t.idx}"${t.idx === job.best?.trial ? ' class="best"' : ''}>
    <td>${t.idx}</td><td>${t.cell.learningRate}</td><td>${t.cell.momentum}</td>
    <td><span class="status" data-status="${esc(t.status)}">${esc(t.status)}</span>${t.failure ? ` <span class="error">${esc(t.failure)}</span>` : ''}</td>
    <td>${t.diverged ? '<span class="error">diverged</span> ' : ''}${fmt.acc(t.meanAccuracy)}</td><td>${fmt.acc(t.stdAccuracy)}</td>
    <td>${fmt.interval(t.intervalLow, t.intervalHigh)}</td><td>${esc(t.stoppedEpochs.map((e) => (e === 0 ? '—' : e)).join(', ') || '–')}</td>
    <td>${esc(t.workerId ?? '–')}</td><td>${esc(t.device ?? '–')}</td><td>${t.attempts}</td></tr>`);
}

function showHeatmap(job) {
  drawHeatmap(document.getElementById('heatmap'), job.trialResults);
}

async function loadCurves() {
  const idx = Number(document.getElementById('curve-trial').value || 0);
  const trials = await api(`/api/training-jobs/${id}/curves?trial=${idx}`);
  const trial = trials[0];
  if (!trial) {
    return;
  }
  curves.set(trial.trialId, foldsOf(trial));
  draw(trial.trialId);
}

function draw(trialId) {
  charts.forEach((chart) => chart.destroy());
  charts = drawCurves(document.getElementById('loss-chart'), document.getElementById('accuracy-chart'),
    curves.get(trialId) ?? new Map());
}

/** Live: progress adds points to the shown trial's curves; trial ends and job changes re-read the job. */
function listen() {
  const source = new EventSource(`/api/training-jobs/${id}/events`);
  source.addEventListener('job', (event) => {
    const summary = JSON.parse(event.data);
    if (detail && summary.status !== detail.status) {
      reloadSoon();
    } else if (detail) {
      showSummary({ ...detail, ...summary });
    }
  });
  source.addEventListener('trial', () => {
    reloadSoon();
    setTimeout(() => loadCurves().catch(console.warn), 400);
  });
  source.addEventListener('progress', (event) => {
    const { trialId, fold, point } = JSON.parse(event.data);
    const folds = curves.get(trialId) ?? new Map();
    curves.set(trialId, folds);
    const points = folds.get(fold) ?? [];
    points[point.epoch - 1] = [point.epoch, point.trainLoss, point.trainAccuracy, point.validationLoss, point.validationAccuracy];
    folds.set(fold, points);
    const shown = `${id}/${document.getElementById('curve-trial').value}`;
    if (trialId === shown) {
      scheduleDraw(trialId);
    }
  });
}

let drawPending = false;
function scheduleDraw(trialId) {
  if (!drawPending) {
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw(trialId);
    });
  }
}
