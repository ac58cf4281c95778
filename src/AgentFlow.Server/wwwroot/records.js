// Effects in doubt, the audit trail with its verification, and the memory browser.
import { get, post, seg, current } from './api.js';
import { h, show, when, json, problem } from './dom.js';
import { auditList } from './run.js';

/** #/effects */
export async function effectsPage() {
  const list = h('div', { id: 'effects' });
  const message = h('div', { 'aria-live': 'polite' });
  async function load() {
    const entries = await get('/api/effects?state=started');
    list.replaceChildren(entries.length
      ? h('ul', { class: 'cards' }, entries.map((e) => h('li', { class: 'card', 'data-key': e.key },
        h('h2', { class: 'break' }, e.key),
        h('dl', { class: 'facts' },
          h('dt', null, 'Tool'), h('dd', null, e.tool),
          h('dt', null, 'Run'), h('dd', null, h('a', { href: `#/runs/${seg(e.runId.split('/')[0])}` }, e.runId)),
          h('dt', null, 'Node'), h('dd', null, e.node),
          h('dt', null, 'Started'), h('dd', null, when(e.startedAt))),
        current()?.isAdmin
          ? h('div', { class: 'actions' },
            h('button', { type: 'button', on: { click: () => resolve(e.key, 'done') } }, 'It happened (done)'),
            h('button', { type: 'button', class: 'danger', on: { click: () => resolve(e.key, 'repeat') } }, 'It did not (repeat)'))
          : h('p', { class: 'muted small' }, 'Only an admin may settle an effect.'))))
      : h('p', { class: 'success' }, 'No effect is in doubt.'));
  }
  async function resolve(key, resolution) {
    if (!window.confirm(`Settle ${key} as ${resolution}?`)) return;
    try {
      const answer = await post(`/api/effects/${encodeURIComponent(key)}/resolve`, { resolution });
      message.replaceChildren(h('p', { class: 'success' }, `${key}: ${answer.message}`));
      await load();
    } catch (failure) {
      message.replaceChildren(problem(failure));
    }
  }
  show('Effects in doubt',
    h('h1', null, 'Effects in doubt'),
    h('p', { class: 'muted' }, 'Medium- and high-risk effects that started but whose outcome is unknown (the process stopped during the call). Check the outside system, then settle each.'),
    message, list);
  await load();
}

/** #/audit?run= */
export async function auditPage(query) {
  const runId = query.get('run') || '';
  const verify = await get('/api/audit/verify').catch((e) => ({ ok: false, status: 'error', problem: e.message }));
  const input = h('input', { id: 'audit-run', name: 'run', type: 'search', value: runId });
  const records = runId ? await get(`/api/runs/${seg(runId)}/audit`).catch((e) => e) : null;
  show('Audit',
    h('h1', null, 'Audit trail'),
    h('div', { class: ['card', verify.ok ? 'ok' : 'bad'], id: 'audit-verify', 'data-ok': String(!!verify.ok) },
      h('h2', null, verify.ok ? 'The audit log verifies' : 'The audit log does not verify'),
      h('p', null, `Status ${verify.status}; ${verify.records ?? 0} records${verify.keyId ? `, key ${verify.keyId}` : ''}.`),
      verify.problem ? h('p', { class: 'error' }, verify.problem, verify.firstBadLine ? ` (line ${verify.firstBadLine})` : '') : null,
      verify.note ? h('p', { class: 'muted small' }, verify.note) : null),
    h('form', { class: 'filters', role: 'search', on: { submit: (e) => { e.preventDefault(); window.location.hash = `#/audit?run=${encodeURIComponent(input.value.trim())}`; } } },
      h('div', { class: 'field' }, h('label', { for: 'audit-run' }, 'Run id'), input),
      h('button', { type: 'submit' }, 'Show records')),
    records instanceof Error ? problem(records) : records ? auditList(records) : h('p', { class: 'muted' }, 'Give a run id to see its decisions, refusals, timeouts, escalations and resolved effects.'));
}

/** #/memory?agent=&q= */
export async function memoryPage(query) {
  const agent = query.get('agent') || '';
  const q = query.get('q') || '';
  const workflows = await get('/api/workflows').catch(() => []);
  const details = await Promise.all(workflows.map((w) => get(`/api/workflows/${seg(w.name)}`).catch(() => null)));
  const agents = [...new Set(details.flatMap((d) => d?.agents || []))].sort();
  const agentInput = h('input', { id: 'memory-agent', name: 'agent', list: 'agent-names', value: agent, required: true });
  const queryInput = h('input', { id: 'memory-q', name: 'q', type: 'search', value: q });
  let results = h('p', { class: 'muted' }, 'Pick an agent to see what it remembers.');
  if (agent) {
    try {
      const records = await get(`/api/memory/${seg(agent)}?${new URLSearchParams(q ? { q } : {})}`);
      results = records.length
        ? h('ol', { class: 'memories' }, records.map((m) => h('li', { class: 'card' },
          h('p', null, m.text),
          h('p', { class: 'muted small' }, `${when(m.createdAt)}${m.runId ? ` · run ` : ''}`, m.runId ? h('a', { href: `#/runs/${seg(m.runId)}` }, m.runId) : '',
            m.score !== undefined && m.score !== null ? ` · score ${m.score.toFixed(3)}` : ''),
          m.metadata ? json(m.metadata) : null)))
        : h('p', { class: 'muted' }, `${agent} remembers nothing${q ? ' close to that' : ''}.`);
    } catch (failure) {
      results = problem(failure);
    }
  }
  show('Memory',
    h('h1', null, 'Memory'),
    h('form', { class: 'filters', role: 'search', on: { submit: (e) => {
      e.preventDefault();
      const params = new URLSearchParams({ agent: agentInput.value.trim() });
      if (queryInput.value.trim()) params.set('q', queryInput.value.trim());
      window.location.hash = `#/memory?${params}`;
    } } },
    h('div', { class: 'field' }, h('label', { for: 'memory-agent' }, 'Agent'), agentInput,
      h('datalist', { id: 'agent-names' }, agents.map((a) => h('option', { value: a })))),
    h('div', { class: 'field' }, h('label', { for: 'memory-q' }, 'Closest to (optional)'), queryInput),
    h('button', { type: 'submit' }, 'Show memories')),
    agent ? h('h2', { id: 'memory-title' }, q ? `What ${agent} remembers closest to “${q}”` : `What ${agent} remembers`) : null,
    results);
}
