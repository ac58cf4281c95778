// The workflows of the server's folder: list, one workflow with its validation diagnostics and graph.
import { get, seg, current } from './api.js';
import { h, show, badge } from './dom.js';
import { drawGraph } from './graph.js';

/** #/workflows */
export async function workflowsPage() {
  const all = await get('/api/workflows');
  show('Workflows',
    h('h1', null, 'Workflows'),
    h('p', { class: 'muted' }, 'The workflows in the server’s folder. A run pins the exact file it started with.'),
    all.length
      ? h('ul', { class: 'cards' }, all.map((w) => h('li', { class: 'card', 'data-workflow': w.name },
        h('h2', null, h('a', { href: `#/workflows/${seg(w.name)}` }, w.name)),
        h('p', null, w.valid ? badge('valid') : badge('invalid'), h('span', { class: 'muted' }, ` ${w.file} · ${w.nodes} nodes`)),
        w.description ? h('p', null, w.description) : null,
        w.valid && current()?.canAct ? h('a', { class: 'button', href: `#/start/${seg(w.name)}` }, `Start ${w.name}`) : null)))
      : h('p', { class: 'muted' }, 'The folder has no workflows.'));
}

/** #/workflows/{name} */
export async function workflowPage(name) {
  const w = await get(`/api/workflows/${seg(name)}`);
  const graph = w.valid || w.nodes ? await get(`/api/workflows/${seg(name)}/graph?format=json`).catch(() => null) : null;
  const diagnostics = w.diagnostics || [];
  show(w.name,
    h('p', { class: 'crumbs' }, h('a', { href: '#/workflows' }, 'Workflows'), ' / ', w.name),
    h('div', { class: 'title-row' }, h('h1', null, w.name), w.valid ? badge('valid') : badge('invalid'),
      w.valid && current()?.canAct ? h('a', { class: 'button primary', href: `#/start/${seg(w.name)}` }, 'Start a run') : null),
    h('p', null, w.description || ''),
    h('p', { class: 'muted' }, `${w.file}${w.version ? ` · version ${w.version}` : ''} · starts at ${w.start ?? '—'}`),
    h('section', { 'aria-labelledby': 'diag-title' },
      h('h2', { id: 'diag-title' }, 'Validation'),
      diagnostics.length
        ? h('ul', { class: 'diagnostics' }, diagnostics.map((d) => h('li', { class: `sev-${d.severity}`, 'data-code': d.code },
          h('strong', null, `${d.code} ${d.severity}`), ` at line ${d.line}, column ${d.column}`, h('span', { class: 'muted' }, ` (${d.path})`),
          h('p', null, d.message), d.hint ? h('p', { class: 'muted small' }, d.hint) : null)))
        : h('p', { class: 'success' }, 'No problems found.')),
    h('section', { 'aria-labelledby': 'inputs-title' },
      h('h2', { id: 'inputs-title' }, 'Inputs'),
      (w.inputs || []).length
        ? h('dl', { class: 'facts' }, w.inputs.flatMap((i) => [
          h('dt', null, i.name), h('dd', null, `${i.type}${i.required ? ', required' : ''}${i.default !== undefined && i.default !== null ? `, default ${JSON.stringify(i.default)}` : ''}`, i.description ? h('span', { class: 'muted' }, ` — ${i.description}`) : null)]))
        : h('p', { class: 'muted' }, 'None.')),
    graph ? h('section', { 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Graph'), h('div', { class: 'graph-box' }, drawGraph(graph))) : null);
}
