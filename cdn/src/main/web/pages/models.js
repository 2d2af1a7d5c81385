import { api, esc, fill, fmt } from '../api.js';

let chosen;

export async function models() {
  const all = await api('/api/models');
  fill('#models', all, (m) => `<tr id="${esc(m.id)}">
    <td><a href="/models/${esc(m.id)}">${esc(m.id.slice(0, 8))}</a>${m.isDefault ? ' <span class="status">default</span>' : ''}</td><td>${fmt.when(m.createdAt)}</td>
    <td>${m.cell.learningRate}</td><td>${m.cell.momentum}</td><td>${fmt.acc(m.cvAccuracy)}</td><td>${fmt.acc(m.holdout.accuracy)}</td>
    <td>${fmt.acc(m.holdout.f1)}</td><td>${fmt.acc(m.holdout.rocAuc)}</td><td>${esc(m.device)}</td>
    <td>${m.download ? `<a href="/api/models/${esc(m.id)}/download" download>model.zip</a>` : '–'} ${m.outOfBag ? `<a href="/api/models/${esc(m.id)}/out-of-bag" download>oob.csv</a>` : ''}</td>
    <td><button type="button" data-predict="${esc(m.id)}">Predict…</button></td></tr>`, 'No models yet: a finished job registers one.');
  document.getElementById('models').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-predict]');
    if (button) {
      choose(all.find((m) => m.id === button.dataset.predict));
    }
  });
  document.getElementById('predict-form').addEventListener('submit', predict);
}

function choose(model) {
  chosen = model;
  document.getElementById('predict').hidden = false;
  document.getElementById('predict-model').textContent = model.id.slice(0, 8);
  document.getElementById('predict-features').textContent = model.features.join(', ');
  document.querySelector('#predict-form textarea').focus();
}

async function predict(event) {
  event.preventDefault();
  const out = document.getElementById('predictions');
  const rows = event.target.elements.rows.value.split('\n').map((line) => line.trim()).filter(Boolean)
    .map((line) => line.split(',').map((v) => Number(v.trim())));
  try {
    const answer = await api(`/api/models/${chosen.id}/predictions`, { method: 'POST', body: { rows } });
    out.innerHTML = `<ol>${answer.predictions.map((p) => `<li><strong>${esc(p.predictedClass)}</strong> (p = ${p.probability.toFixed(4)})</li>`).join('')}</ol>`;
  } catch (e) {
    out.innerHTML = `<p class="error">${esc(e.message)}</p>`;
  }
}
