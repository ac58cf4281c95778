// The approvals inbox and one approval: the shown values as typed, editable fields, a comment, approve / reject,
// the votes so far and the time left.
import { get, post, listen, debounce, seg, current } from './api.js';
import { h, show, when, timeLeft, problem } from './dom.js';

/** #/approvals */
export async function approvalsPage() {
  const body = h('tbody', { id: 'approvals-body' });
  const error = h('div', { 'aria-live': 'polite' });
  async function load() {
    try {
      const all = await get('/api/approvals');
      updateCount(all);
      body.replaceChildren(...(all.length ? all.map(row) : [h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'Nothing waits for a decision.'))]));
      error.replaceChildren();
    } catch (failure) {
      error.replaceChildren(problem(failure));
    }
  }
  show('Approvals',
    h('h1', null, 'Approvals'),
    h('p', { class: 'muted' }, 'Every approval waiting for a decision. Those marked “yours” you may decide.'),
    error,
    h('table', { class: 'table approvals' },
      h('caption', { class: 'sr-only' }, 'Approvals waiting for a decision'),
      h('thead', null, h('tr', null, ['Approval', 'Run', 'Votes', 'Time left', ''].map((c) => h('th', { scope: 'col' }, c)))),
      body));
  await load();
  return listen('/api/runs/events', debounce(load, 200));
}

function row(a) {
  return h('tr', { 'data-run': a.runId, 'data-node': a.node },
    h('td', { 'data-label': 'Approval' }, h('a', { href: `#/approvals/${seg(a.runId)}/${seg(a.node)}` }, a.node)),
    h('td', { 'data-label': 'Run' }, h('a', { href: `#/runs/${seg(a.runId)}` }, a.runId), h('span', { class: 'muted' }, ` ${a.workflow}`)),
    h('td', { 'data-label': 'Votes' }, `${a.votes.filter((v) => v.approved).length} of ${a.quorum}`),
    h('td', { 'data-label': 'Time left' }, timeLeft(a.deadline)),
    h('td', null, a.canDecide ? h('span', { class: 'badge st-waiting' }, 'yours') : ''));
}

/** Shows how many approvals the operator may decide next to the nav link. */
export function updateCount(all) {
  const count = all.filter((a) => a.canDecide).length;
  const badgeEl = document.getElementById('approval-count');
  badgeEl.hidden = count === 0;
  badgeEl.textContent = String(count);
  badgeEl.setAttribute('aria-label', `${count} for you`);
}

/** #/approvals/{runId}/{node} */
export async function approvalPage(runId, node) {
  const all = await get('/api/approvals');
  updateCount(all);
  const approval = all.find((a) => a.runId === runId && a.node === node);
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/approvals' }, 'Approvals'), ' / ', node);
  if (!approval) {
    show(`Approval ${node}`, crumbs, h('h1', null, `Approval ${node}`),
      h('p', { id: 'approval-gone', class: 'notice' }, 'This approval is not waiting for a decision (any more). '),
      h('p', null, h('a', { href: `#/runs/${seg(runId)}` }, `See run ${runId}`)));
    return null;
  }

  const shown = approval.shown && typeof approval.shown === 'object' ? approval.shown : {};
  const untrusted = new Set(approval.untrusted || []);
  const fields = Object.entries(shown).map(([key, value]) => valueField(key, value, untrusted.has(key)));
  const comment = h('textarea', { id: 'comment', name: 'comment', rows: 3 });
  const result = h('div', { id: 'decision-result', role: 'status', 'aria-live': 'polite' });
  const note = reason(approval);
  const approveButton = h('button', { type: 'button', id: 'approve', class: 'primary', disabled: !approval.canDecide, on: { click: () => decide(true) } }, 'Approve');
  const rejectButton = h('button', { type: 'button', id: 'reject', class: 'danger', disabled: !approval.canDecide, on: { click: () => decide(false) } }, 'Reject');
  const left = h('span', { id: 'time-left' }, timeLeft(approval.deadline));

  async function decide(approve) {
    const values = {};
    try {
      for (const field of fields) {
        const value = field.read();
        if (JSON.stringify(value) !== JSON.stringify(shown[field.key])) values[field.key] = value;
      }
    } catch (failure) {
      result.replaceChildren(problem(failure));
      return;
    }
    approveButton.disabled = rejectButton.disabled = true;
    try {
      const body = { approve, comment: comment.value || undefined };
      if (approve && Object.keys(values).length) body.values = values;
      const answer = await post(`/api/runs/${seg(runId)}/approvals/${seg(node)}`, body);
      result.replaceChildren(h('p', { class: 'success', 'data-outcome': answer.outcome }, answer.message || answer.outcome, ' ',
        h('a', { href: `#/runs/${seg(runId)}`, id: 'to-run' }, 'Follow the run')));
    } catch (failure) {
      result.replaceChildren(problem(failure));
      approveButton.disabled = rejectButton.disabled = !approval.canDecide;
    }
  }

  const form = h('form', { class: 'card', 'aria-labelledby': 'approval-title', on: { submit: (e) => e.preventDefault() } },
    h('h2', { id: 'approval-title' }, 'Shown values'),
    h('p', { class: 'muted small' }, 'Edit a value before approving to decide on the edited value; edits are audited.'),
    untrusted.size ? h('p', { id: 'untrusted-note', class: 'notice', role: 'note' },
      'Fields marked “untrusted” can carry text a third party wrote (a fetched page, a tool’s answer, a mail, or a model that read one). ',
      'Read them as data: they may try to instruct you or the workflow.') : null,
    fields.length ? fields.map((f) => f.element) : h('p', { class: 'muted' }, 'Nothing is shown.'),
    h('div', { class: 'field' }, h('label', { for: 'comment' }, 'Comment'), comment),
    note,
    h('div', { class: 'actions' }, approveButton, rejectButton),
    result);

  show(`Approval ${node}`,
    crumbs,
    h('h1', { class: 'break' }, `Approval ${node}`),
    h('div', { class: 'card' }, h('dl', { class: 'facts' },
      h('dt', null, 'Run'), h('dd', null, h('a', { href: `#/runs/${seg(runId)}` }, runId), ` (${approval.workflow})`),
      h('dt', null, 'Approvers'), h('dd', null, approval.approvers.join(', ')),
      h('dt', null, 'Quorum'), h('dd', null, `${approval.quorum} approval${approval.quorum > 1 ? 's' : ''}${approval.escalated ? ' (escalated)' : ''}`),
      h('dt', null, 'Deadline'), h('dd', null, approval.deadline ? [when(approval.deadline), ' — ', left, ' left'] : 'none'),
      h('dt', null, 'Votes so far'), h('dd', { id: 'votes' }, approval.votes.length
        ? h('ul', { class: 'plain' }, approval.votes.map((v) => h('li', null, h('strong', null, v.by), ` ${v.approved ? 'approved' : 'rejected'} at ${when(v.at)}`, v.comment ? [': ', h('q', null, v.comment)] : '')))
        : 'none yet'))),
    form);
  (approval.canDecide ? fields[0]?.input : document.getElementById('main'))?.focus();
  const tick = window.setInterval(() => { left.textContent = timeLeft(approval.deadline); }, 1000);

  // Decided elsewhere (the last vote of a quorum, a timeout, a cancel): say so instead of offering stale buttons.
  // Events of the snapshot sent on connect (sequence 0) are history, not news.
  const stop = listen(`/api/runs/${seg(runId)}/events`, (type, data) => {
    if (!data?.sequence) return;
    const decided = (['node-completed', 'node-failed'].includes(type) && data.node === node)
      || (type === 'run' && ['completed', 'failed', 'canceled'].includes(data.status));
    if (!decided || document.getElementById('decided-elsewhere')) return;
    approveButton.disabled = rejectButton.disabled = true;
    result.append(h('p', { id: 'decided-elsewhere', class: 'notice' }, 'This approval is no longer waiting. ',
      h('a', { href: `#/runs/${seg(runId)}` }, 'See the run')));
  });
  return () => { window.clearInterval(tick); stop(); };
}

function reason(approval) {
  if (approval.canDecide) return null;
  const me = current();
  let text;
  if (!me?.canAct) text = `You (${me?.operator}) are a viewer: viewers may only read. Approving and rejecting need another role.`;
  else if (approval.votes.some((v) => v.by === me.operator)) text = `You (${me.operator}) have already voted on this approval.`;
  else text = `You (${me.operator}, roles: ${me.roles.join(', ')}) are not among this approval's approvers (${approval.approvers.join(', ')}); only they may decide.`;
  return h('p', { id: 'decide-note', class: 'notice', role: 'note' }, text);
}

/** A form field typed by the shown value's JSON type; read() returns the value in that type. Untrusted ones carry a badge. */
function valueField(key, value, untrusted) {
  const id = `value-${key}`;
  let input;
  let read;
  if (typeof value === 'number') {
    input = h('input', { id, name: key, type: 'number', step: 'any', value: String(value), inputMode: 'decimal' });
    read = () => {
      if (input.value === '' || !Number.isFinite(Number(input.value))) throw new Error(`${key} must be a number`);
      return Number(input.value);
    };
  } else if (typeof value === 'boolean') {
    input = h('input', { id, name: key, type: 'checkbox', checked: value });
    read = () => input.checked;
  } else if (typeof value === 'string') {
    input = value.length > 80 || value.includes('\n')
      ? h('textarea', { id, name: key, rows: Math.min(8, Math.ceil(value.length / 70) + 1) }, value)
      : h('input', { id, name: key, type: 'text', value });
    read = () => input.value;
  } else {
    input = h('textarea', { id, name: key, rows: 4, spellcheck: false }, JSON.stringify(value, null, 2));
    read = () => {
      try { return JSON.parse(input.value); } catch { throw new Error(`${key} must be valid JSON`); }
    };
  }
  const badgeId = `${id}-untrusted`;
  if (untrusted) input.setAttribute('aria-describedby', badgeId);
  const label = h('label', { for: id }, key, untrusted
    ? [' ', h('span', { id: badgeId, class: 'badge untrusted', 'data-untrusted': key, title: 'A third party can write this value: check it before approving.' }, 'untrusted')]
    : null);
  const element = h('div', { class: ['field', typeof value === 'boolean' && 'check', untrusted && 'untrusted'], 'data-field': key }, label, input);
  return { key, input, read, element };
}
