// The JS API half of embed.html: check(text, options) returns the CLI's JSON shape.
import { load } from './embed.js';

const form = document.getElementById('api-form');
const out = document.getElementById('api-out');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const { check } = await load();
  const report = check(form.elements.text.value, { path: 'demo.txt' });
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity] += 1;
  out.textContent = JSON.stringify({ counts, tables: report.tables.length, first: report.findings[0] ?? null }, null, 2);
});
