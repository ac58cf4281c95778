// One run: status, what it waits for, the graph coloured by node state, the timeline and the audit records; all of
// it refreshed live from the run's event stream.
import { get, post, listen, debounce, seg, current } from './api.js';
import { h, show, when, duration, badge, json, problem, tokens, cost } from './dom.js';
import { drawGraph, legend } from './graph.js';

/** #/runs/{id} */
export async function runPage(id) {
  let run = await get(`/api/runs/${seg(id)}`);
  const graph = await get(`/api/workflows/${seg(run.workflow)}/graph?format=json`).catch(() => null);

  const head = h('div', { id: 'run-head' });
  const waits = h('section', { id: 'run-waits', 'aria-live': 'polite' });
  const picture = h('div', { id: 'run-graph', class: 'graph-box' });
  const timeline = h('div', { id: 'run-timeline' });
  const feedback = h('section', { id: 'run-feedback', 'aria-live': 'polite' });
  const audit = h('div', { id: 'run-audit' });
  const live = h('span', { id: 'live', class: 'live', 'data-live': 'off' }, 'connecting…');
  const message = h('div', { 'aria-live': 'polite' });

  show(`Run ${id}`,
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ', id),
    h('div', { class: 'title-row' }, h('h1', { class: 'break' }, id), live),
    head, message, waits,
    h('section', { 'aria-labelledby': 'graph-title' }, h('h2', { id: 'graph-title' }, 'Graph'),
      graph ? [picture, legend()] : h('p', { class: 'muted' }, `The workflow '${run.workflow}' is not in the server's folder now; no graph.`)),
    h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Timeline'), timeline),
    feedback,
    h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit records'), audit));

  function render() {
    head.replaceChildren(summary(run, cancel));
    waits.replaceChildren(...waiting(run));
    if (graph) picture.replaceChildren(drawGraph(graph, stateOf(run)));
    timeline.replaceChildren(timelineTable(run));
    feedback.replaceChildren(...feedbackList(run));
  }

  async function loadAudit() {
    const records = await get(`/api/runs/${seg(id)}/audit`).catch(() => []);
    audit.replaceChildren(auditList(records));
  }

  async function cancel() {
    if (!window.confirm(`Cancel run ${id}?`)) return;
    try {
      await post(`/api/runs/${seg(id)}/cancel`, { reason: 'cancelled from the console' });
    } catch (failure) {
      message.replaceChildren(problem(failure));
    }
  }

  render();
  await loadAudit();
  const refresh = debounce(async () => {
    try {
      run = await get(`/api/runs/${seg(id)}`);
      render();
      await loadAudit();
    } catch (failure) {
      message.replaceChildren(problem(failure));
    }
  }, 150);
  return listen(`/api/runs/${seg(id)}/events`, (type) => {
    if (type === 'ready') { live.dataset.live = 'on'; live.textContent = 'live'; }
    refresh();
  });
}

function summary(run, cancel) {
  const finished = ['completed', 'failed', 'canceled'].includes(run.status);
  return h('div', { class: 'card' },
    h('dl', { class: 'facts' },
      h('dt', null, 'Status'), h('dd', { id: 'run-status', 'data-status': run.status }, badge(run.status)),
      h('dt', null, 'Workflow'), h('dd', null, h('a', { href: `#/workflows/${seg(run.workflow)}` }, run.workflow)),
      run.fork ? [h('dt', null, 'Replay of'), h('dd', { id: 'run-fork' }, h('a', { href: `#/runs/${seg(run.fork.sourceRun)}` }, run.fork.sourceRun), ' ',
        h('a', { class: 'button', href: `#/runs/${seg(run.runId)}/compare` }, 'Compare with source'))] : null,
      run.origin ? [h('dt', null, 'Trigger'), h('dd', { id: 'run-origin' }, h('a', { href: '#/triggers' }, run.origin.trigger), h('span', { class: 'muted' }, ` — ${run.origin.summary}`))] : null,
      h('dt', null, 'Started'), h('dd', null, when(run.createdAt)),
      h('dt', null, 'Updated'), h('dd', null, when(run.updatedAt)),
      run.usage ? [
        h('dt', null, finished ? 'Tokens' : 'Tokens so far'),
        h('dd', { id: 'run-tokens', 'data-tokens': run.usage.tokens }, `${run.usage.tokens} (${tokens(run.usage)}) · ${run.usage.modelCalls} model call${run.usage.modelCalls === 1 ? '' : 's'}`),
        h('dt', null, 'Cost'),
        h('dd', { id: 'run-cost' }, cost(run.usage), run.usage.cost === undefined || run.usage.cost === null ? h('span', { class: 'muted small' }, ' (no price configured for its models)') : null)] : null),
    run.error ? h('p', { class: 'error' }, run.error) : null,
    run.output !== undefined && run.output !== null ? [h('h3', null, 'Output'), json(run.output)] : null,
    !finished && current()?.canAct ? h('button', { type: 'button', class: 'danger', on: { click: cancel } }, 'Cancel run') : null);
}

function waiting(run) {
  const waits = ['completed', 'failed', 'canceled'].includes(run.status) ? [] : (run.progress?.waiting || []);
  if (!waits.length) return [];
  return [h('h2', null, 'Waiting for'), h('ul', { class: 'waits' }, waits.map((w) => h('li', null,
    w.kind === 'approval'
      ? h('a', { class: 'button primary', href: `#/approvals/${seg(run.runId)}/${seg(w.node)}`, 'data-approval': w.node }, `Decide approval ${w.node}`)
      : w.kind === 'effect'
        ? h('a', { href: '#/effects' }, `Effect in doubt at ${w.node}: ${w.reason || 'an operator must settle it'}`)
        : `Timer at ${w.node} until ${when(w.until)}`)))];
}

/** Operators' feedback on this run's approvals: who decided what, the comment, each edited field. */
function feedbackList(run) {
  const records = run.feedback || [];
  if (!records.length) return [];
  const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  return [h('h2', null, 'Feedback'), h('ul', { class: 'plain' }, records.map((f) => h('li', { 'data-node': f.node, 'data-decision': f.decision },
    h('strong', null, f.node), ` ${f.decision} by ${f.by || 'an operator'}`, f.comment ? [': ', h('q', null, f.comment)] : '',
    f.edits?.length ? h('ul', null, f.edits.map((e) => h('li', { 'data-field': e.field }, `${e.field}: `, h('del', null, value(e.before)), ' → ', h('ins', null, value(e.after))))) : null)))];
}

/** The state of each top-level node: its latest timeline record, or waiting, or pending. */
function stateOf(run) {
  const states = new Map();
  for (const record of run.timeline || []) states.set(record.node, record.status);
  const finished = ['completed', 'failed', 'canceled'].includes(run.status);
  if (!finished) for (const w of run.progress?.waiting || []) states.set(w.node, 'waiting');
  if (!finished) for (const node of run.progress?.current || []) if (!states.has(node)) states.set(node, 'running');
  return (id) => states.get(id) || 'pending';
}

function timelineTable(run) {
  const records = run.timeline || [];
  if (!records.length) return h('p', { class: 'muted' }, 'No node has run yet.');
  return h('ol', { class: 'timeline' }, records.map((r) => h('li', { class: ['step', `st-${r.status}`], 'data-node': r.node, 'data-status': r.status },
    h('details', null,
      h('summary', null,
        h('span', { class: 'step-name' }, r.node, r.iteration > 1 ? ` #${r.iteration}` : ''),
        h('span', { class: 'muted' }, r.kind), badge(r.status),
        h('span', { class: 'muted' }, duration(r.duration)),
        r.usage ? h('span', { class: 'muted step-tokens', 'data-tokens': r.usage.tokens, title: 'tokens in / out' }, tokens(r.usage)) : null,
        r.usage?.cost !== undefined && r.usage?.cost !== null ? h('span', { class: 'muted step-cost' }, cost(r.usage)) : null,
        r.attempts > 1 ? h('span', { class: 'muted' }, `${r.attempts} attempts`) : null),
      h('dl', { class: 'facts' },
        h('dt', null, 'Started'), h('dd', null, when(r.startedAt)),
        h('dt', null, 'Ended'), h('dd', null, when(r.endedAt)),
        h('dt', null, 'Duration'), h('dd', null, duration(r.duration)),
        h('dt', null, 'Attempts'), h('dd', null, String(r.attempts ?? 0)),
        r.usage ? [
          h('dt', null, 'Tokens'), h('dd', null, tokens(r.usage)),
          h('dt', null, 'Model calls'), h('dd', null, String(r.usage.modelCalls ?? 0)),
          h('dt', null, 'Model'), h('dd', null, [r.usage.model, r.usage.agent && `agent ${r.usage.agent}`].filter(Boolean).join(', ') || '—'),
          h('dt', null, 'Cost'), h('dd', null, cost(r.usage))] : null),
      r.error ? h('p', { class: 'error' }, r.error) : null,
      h('h4', null, 'Input'), json(r.input),
      h('h4', null, 'Output'), json(r.output)))));
}

/** Audit records as a list (also used by the audit page). */
export function auditList(records) {
  if (!records?.length) return h('p', { class: 'muted' }, 'No audit records.');
  return h('ol', { class: 'audit' }, records.map((r) => h('li', { 'data-kind': r.kind },
    h('span', { class: 'muted' }, when(r.time)), ' ',
    h('strong', null, r.kind), ' ',
    r.node ? `${r.node} ` : '',
    r.decision ? h('span', { class: 'badge' }, r.decision) : '', ' ',
    r.operator ? `by ${r.operator}` : '',
    r.comment ? h('q', null, r.comment) : '',
    r.reason ? h('span', { class: 'muted' }, ` — ${r.reason}`) : '')));
}
