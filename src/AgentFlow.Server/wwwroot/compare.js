// A replay fork beside the run it came from: every node visit's output in two columns, changed ones highlighted.
import { get, seg } from './api.js';
import { h, show, badge, json } from './dom.js';

/** #/runs/{id}/compare */
export async function comparePage(id) {
  const diff = await get(`/api/runs/${seg(id)}/diff`);
  const fork = diff.replay;
  show(`Compare ${id}`,
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ', h('a', { href: `#/runs/${seg(id)}` }, id), ' / compare'),
    h('h1', { class: 'break' }, 'Compare with source'),
    h('p', { id: 'compare-summary' }, 'Fork ', h('a', { href: `#/runs/${seg(diff.fork)}` }, diff.fork), ' of ',
      h('a', { href: `#/runs/${seg(diff.original)}` }, diff.original),
      fork ? ` — ${fork.forkAt.length ? `from ${fork.forkAt.join(' or ')}` : 'no node changed'}${fork.set.length ? `; ${fork.set.map((s) => `--set ${s}`).join(' ')}` : ''}${fork.model ? `; --model ${fork.model}` : ''}` : ''),
    h('table', { id: 'compare', class: 'compare' },
      h('thead', null, h('tr', null, h('th', null, 'Node'), h('th', null, 'Result'), h('th', null, `Source ${diff.original}`), h('th', null, `Fork ${diff.fork}`))),
      h('tbody', null,
        diff.nodes.map((n) => h('tr', { class: n.status === 'same' ? null : 'diff-changed', 'data-node': n.node, 'data-diff': n.status },
          h('th', { scope: 'row' }, n.node, h('div', { class: 'muted small' }, n.kind, n.replay ? ` · ${n.replay}` : '')),
          h('td', null, badge(n.status)),
          h('td', null, json(n.original)),
          h('td', null, json(n.fork)))),
        h('tr', { class: diff.outputStatus === 'same' ? null : 'diff-changed', 'data-node': '(output)', 'data-diff': diff.outputStatus },
          h('th', { scope: 'row' }, 'Output'), h('td', null, badge(diff.outputStatus)),
          h('td', null, json(diff.originalOutput)), h('td', null, json(diff.forkOutput))))));
}
