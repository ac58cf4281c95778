// The triggers of the server's folder: when each fires next, what it last started, problems; pause, resume, fire.
import { get, post, seg, current } from './api.js';
import { h, show, when, badge, problem } from './dom.js';

/** #/triggers */
export async function triggersPage() {
  const list = h('div', { id: 'triggers' });
  const message = h('div', { 'aria-live': 'polite' });
  async function load() {
    const answer = await get('/api/triggers');
    const triggers = answer.triggers ?? answer;
    const problems = answer.problems ?? [];
    list.replaceChildren(
      triggers.length
        ? h('ul', { class: 'cards' }, triggers.map((t) => card(t)))
        : h('p', { class: 'muted' }, 'No workflow of the folder has an enabled trigger.'),
      problems.length
        ? h('section', { 'aria-labelledby': 'trigger-problems' },
          h('h2', { id: 'trigger-problems' }, 'Files skipped'),
          h('ul', { class: 'diagnostics' }, problems.map((p) => h('li', { class: 'sev-error' }, h('strong', null, p.file), h('p', null, p.problem ?? p.message)))))
        : null);
  }
  function card(t) {
    const id = `${t.workflow}/${t.trigger}`;
    const canAct = current()?.canAct;
    return h('li', { class: 'card', 'data-trigger': id },
      h('div', { class: 'title-row' }, h('h2', { class: 'break' }, id), badge(t.paused ? 'paused' : (t.lastError ? 'failing' : 'active'))),
      t.description ? h('p', null, t.description) : null,
      h('dl', { class: 'facts' },
        h('dt', null, 'Kind'), h('dd', null, t.kind),
        t.paused ? [h('dt', null, 'Paused'), h('dd', null, `by ${t.pausedBy ?? 'an operator'}`, t.pausedAt ? ` ${when(t.pausedAt)}` : '')] : null,
        t.nextFireAt ? [h('dt', null, 'Next'), h('dd', null, when(t.nextFireAt))] : null,
        h('dt', null, 'Last fired'), h('dd', null, t.lastFireAt ? [when(t.lastFireAt), t.lastSummary ? h('span', { class: 'muted' }, ` — ${t.lastSummary}`) : null] : 'never'),
        t.lastRunId ? [h('dt', null, 'Last run'), h('dd', null, h('a', { href: `#/runs/${seg(t.lastRunId)}` }, t.lastRunId), t.lastRunStatus ? [' ', badge(t.lastRunStatus)] : null)] : null,
        t.lastSkipped ? [h('dt', null, 'Last skipped'), h('dd', { class: 'muted' }, t.lastSkipped)] : null,
        t.lastError ? [h('dt', null, 'Problem'), h('dd', { class: 'error' }, t.lastError, t.lastErrorAt ? h('span', { class: 'muted' }, ` (${when(t.lastErrorAt)})`) : null)] : null),
      canAct
        ? h('div', { class: 'actions' },
          t.paused
            ? h('button', { type: 'button', on: { click: () => act(id, 'resume') } }, 'Resume')
            : h('button', { type: 'button', on: { click: () => act(id, 'pause') } }, 'Pause'),
          t.kind === 'webhook' ? null : h('button', { type: 'button', class: 'primary', on: { click: () => act(id, 'fire') } }, 'Fire now'))
        : null);
  }
  async function act(id, action) {
    const [workflow, trigger] = id.split('/');
    try {
      const answer = await post(`/api/triggers/${seg(workflow)}/${seg(trigger)}/${action}`);
      message.replaceChildren(h('p', { class: 'success' },
        action === 'fire' && answer?.runId ? [`${id} fired: `, h('a', { href: `#/runs/${seg(answer.runId)}` }, answer.runId)] : `${id}: ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'fired'}.`));
      await load();
    } catch (failure) {
      message.replaceChildren(problem(failure));
    }
  }
  show('Triggers',
    h('h1', null, 'Triggers'),
    h('p', { class: 'muted' }, 'Schedules, mailboxes and webhooks of the workflows in the server’s folder. Each tick, mail or call starts at most one run.'),
    message, list);
  await load();
  const timer = setInterval(() => load().catch(() => {}), 5000);
  return () => clearInterval(timer);
}
