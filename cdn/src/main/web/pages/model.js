// A model's page: its card (what it was trained on and with, how it scored, the confusion matrix drawn), predictions
// of one row from a form or of many from a CSV file (the answer downloadable), and how to call the API from a program.
import { api, ApiError, esc, fmt } from '../api.js';

let current;

export async function model() {
  const id = document.getElementById('model').dataset.id;
  try {
    current = await api(`/api/models/${encodeURIComponent(id)}`);
  } catch (e) {
    document.getElementById('model-error').textContent = e.status === 404 ? `No model ${id} (or it is not yours).` : e.message;
    return;
  }
  showCard(current);
  showMetrics(current.holdout);
  oneRowForm(current);
  fileForm(current);
  curl(current);
}

const list = (values) => (values?.length ? values.join(', ') : '–');

function showCard(m) {
  const t = m.training;
  document.title = `HUD · Model ${m.id.slice(0, 8)}`;
  document.querySelector('main h1').textContent = `Model ${m.id.slice(0, 8)}`;
  document.getElementById('model-id').textContent = m.id;
  document.getElementById('model-badges').innerHTML = [m.isDefault ? 'default' : null, m.shared ? 'shared' : 'private']
    .filter(Boolean).map((b) => `<span class="status">${b}</span>`).join(' ');
  const network = t?.hidden?.length
    ? t.hidden.map((units, i) => `${units} units${t.dropout?.[i] ? `, dropout ${t.dropout[i]}` : ''}`).join(' → ') + ' → 1 (sigmoid)'
    : '–';
  const chosen = [t?.topK ? `the ${t.topK} most relevant` : null, t?.drop?.length ? `without ${t.drop.join(', ')}` : null]
    .filter(Boolean).join(', ');
  const facts = {
    Owner: esc(m.owner ?? '–'),
    Job: `<a href="/training/${esc(m.jobId)}">${esc(m.jobId.slice(0, 8))}</a>`,
    'Data set': `<a href="/datasets/${encodeURIComponent(t?.dataset ?? m.dataset)}">${esc(t?.dataset ?? m.dataset)}</a>`,
    Label: esc(`${t?.label ?? 'diagnosis'}; positive class ${m.positiveClass ?? '–'}`
      + (m.negativeClass ? `, negative class ${m.negativeClass}` : '')),
    Features: `${m.features.length}${chosen ? ` (${esc(chosen)})` : ''}: ${esc(list(m.features))}`,
    Scaling: scaling(m.scaler),
    Network: esc(network),
    Optimizer: esc(`${m.cell.optimizer ?? 'sgd'}, learning rate ${m.cell.learningRate}, momentum ${m.cell.momentum}, batch ${m.cell.batchSize}`),
    Epochs: esc(`${m.refitEpochs} (refit on every training row; the grid allowed ${m.cell.epochs})`),
    Evaluation: t ? esc(`${t.folds} folds × ${t.repeats} repeats, ${Math.round(t.holdoutFraction * 100)} % held out`) : '–',
    'CV accuracy': fmt.acc(m.cvAccuracy),
    Device: esc(m.device ?? '–'), 'Wall time': fmt.secs(m.wallSeconds), Created: fmt.when(m.createdAt),
    Files: [m.download ? `<a href="/api/models/${esc(m.id)}/download" download>model.zip</a>` : null,
      m.outOfBag ? `<a href="/api/models/${esc(m.id)}/out-of-bag" download>oob.csv</a>` : null].filter(Boolean).join(' ') || '–',
  };
  document.getElementById('model-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
}

/**
 * The min–max scaler: each feature's [min, max] in the training rows, which it maps to [0, 1] (models registered before
 * trainers reported the ranges say only how it was fitted).
 */
function scaling(scaler) {
  if (!scaler?.features?.length) {
    return 'min–max to [0, 1], fitted on the training rows (the ranges travel inside model.zip)';
  }
  const rows = scaler.features.map((name, i) => `<tr><th scope="row">${esc(name)}</th>
    <td>${esc(fmt.num(scaler.min?.[i]))}</td><td>${esc(fmt.num(scaler.max?.[i]))}</td></tr>`);
  return `min–max to [0, 1]: each feature's [min, max] in the training rows becomes [0, 1]
    <table class="compact scaler"><thead><tr><th scope="col">feature</th><th scope="col">min → 0</th>
    <th scope="col">max → 1</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The holdout metrics, and the confusion matrix as a 2×2 table shaded by each cell's share of the rows. */
function showMetrics(h) {
  const facts = { Accuracy: fmt.acc(h.accuracy), Precision: fmt.acc(h.precision), Recall: fmt.acc(h.recall),
    F1: fmt.acc(h.f1), 'ROC AUC': fmt.acc(h.rocAuc) };
  document.getElementById('model-metrics').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  const total = h.truePositives + h.falsePositives + h.trueNegatives + h.falseNegatives;
  const positive = esc(current.positiveClass ?? 'positive');
  const negative = esc(current.negativeClass ?? 'other');
  const cell = (count, right, what) => `<td class="${right ? 'right' : 'wrong'}" data-share="${total ? (count / total).toFixed(3) : 0}"
    title="${what}">${count}<span class="share"> (${total ? ((100 * count) / total).toFixed(1) : 0} %)</span></td>`;
  const target = document.getElementById('confusion');
  target.innerHTML = `<table class="confusion"><caption>${total} held-out rows: actual class (rows) × predicted class (columns)</caption>
    <thead><tr><td></td><th scope="col">predicted ${positive}</th>
    <th scope="col">predicted ${negative}</th></tr></thead>
    <tbody><tr><th scope="row">actually ${positive}</th>${cell(h.truePositives, true, 'true positives')}${cell(h.falseNegatives, false, 'false negatives')}</tr>
    <tr><th scope="row">actually ${negative}</th>${cell(h.falsePositives, false, 'false positives')}
    ${cell(h.trueNegatives, true, 'true negatives')}</tr></tbody></table>`;
  target.querySelectorAll('td[data-share]').forEach((td) => td.style.setProperty('--share', td.dataset.share));
}

/** One input per feature, labelled by its name; the answer is the class and the probability of the positive one. */
function oneRowForm(m) {
  const form = document.getElementById('predict-one');
  form.innerHTML = `${m.features.map((name, i) => `<label>${esc(name)} <input name="f${i}" type="number" step="any" required></label>`).join('')}
    <button type="submit">Predict</button>`;
  const out = document.getElementById('predict-one-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const row = Object.fromEntries(m.features.map((name, i) => [name, Number(form.elements[`f${i}`].value)]));
    try {
      const answer = await api(`/api/models/${encodeURIComponent(m.id)}/predictions`, { method: 'POST', body: { rows: [row] } });
      const p = answer.predictions[0];
      out.innerHTML = `<p><strong>${esc(p.predictedClass)}</strong>: probability of ${esc(answer.positiveClass)} ${p.probability.toFixed(4)}</p>`;
    } catch (e) {
      out.innerHTML = problem(e);
    }
  });
}

/** A CSV file sent as it is; the answer (the file with two columns more) shown in part and offered as a download. */
function fileForm(m) {
  document.getElementById('file-features').textContent = m.features.join(', ');
  const form = document.getElementById('predict-file');
  const out = document.getElementById('predict-file-result');
  let link;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) {
      return;
    }
    out.textContent = 'Predicting…';
    const response = await fetch(`/api/models/${encodeURIComponent(m.id)}/predictions`, {
      method: 'POST', body: file, headers: { 'Content-Type': 'text/csv', Accept: 'text/csv, application/problem+json' },
    });
    if (!response.ok) {
      const text = await response.text();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        // not a problem body
      }
      out.innerHTML = problem(new ApiError(response.status, body));
      return;
    }
    const text = await response.text();
    if (link) {
      URL.revokeObjectURL(link);
    }
    link = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const lines = text.split(/\r\n/).filter(Boolean);
    const name = `predictions-${m.id.slice(0, 8)}.csv`;
    out.innerHTML = `<p>${lines.length - 1} rows predicted. <a id="predictions-download" href="${link}" download="${esc(name)}">Download ${esc(name)}</a></p>
      <pre class="preview">${esc(lines.slice(0, 6).join('\n'))}${lines.length > 6 ? '\n…' : ''}</pre>`;
  });
}

function problem(e) {
  // One error is the detail itself; several are listed, each with its row and column.
  return `<div class="error"><p>${esc(e.message)}</p>${e.errors?.length > 1
    ? `<ul>${e.errors.map((f) => `<li><code>${esc(f.field)}</code>: ${esc(f.message)}</li>`).join('')}</ul>` : ''}</div>`;
}

/** How a program calls the predictions API, with this model's id and this site's address. */
function curl(m) {
  const url = `${location.origin}/api/models/${m.id}/predictions`;
  const row = Object.fromEntries(m.features.map((name) => [name, 0]));
  const token = `TOKEN=$(curl -s ${location.origin}/api/auth/token -H 'Content-Type: application/json' \\
  -d '{"username": "you", "password": "…"}' | jq -r .token)`;
  document.querySelector('#curl-json code').textContent = `${token}
curl ${url} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
  -d '${JSON.stringify({ rows: [row] })}'`;
  document.querySelector('#curl-csv code').textContent = `# A CSV file whose header names the features (${m.features.length}), in any order:
curl ${url} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \\
  --data-binary @rows.csv -o predictions.csv`;
}
