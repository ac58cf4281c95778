// The runs list (filters, live status over Server-Sent Events, paging) and the start-a-run form.
import { get, post, listen, debounce, seg, current } from './api.js';
import { h, show, when, badge, problem, cost } from './dom.js';

const STATUSES = ['pending', 'running', 'waiting', 'completed', 'failed', 'canceled'];

/** #/runs?status=&workflow= */
export async function runsPage(query) {
  const status = query.get('status') || '';
  const workflow = query.get('workflow') || '';
  const workflows = await get('/api/workflows').catch(() => []);

  const filter = (name, label, options, value) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label),
    h('select', { id: `filter-${name}`, name, on: { change: applyFilters } },
      h('option', { value: '' }, 'all'),
      options.map((o) => h('option', { value: o, selected: o === value }, o))));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter runs', on: { submit: (e) => e.preventDefault() } },
    filter('status', 'Status', STATUSES, status),
    filter('workflow', 'Workflow', workflows.map((w) => w.name), workflow));

  function applyFilters() {
    const params = new URLSearchParams();
    for (const select of filters.querySelectorAll('select')) if (select.value) params.set(select.name, select.value);
    const text = params.toString();
    window.location.hash = text ? `#/runs?${text}` : '#/runs';
  }

  const live = h('span', { id: 'live', class: 'live', 'data-live': 'off' }, 'connecting…');
  const body = h('tbody', { id: 'runs-body' });
  const more = h('button', { type: 'button', hidden: true, on: { click: () => load(true) } }, 'Show older runs');
  const error = h('div', { 'aria-live': 'polite' });
  let cursor = null;

  async function load(append = false) {
    const params = new URLSearchParams({ limit: '50' });
    if (status) params.set('status', status);
    if (workflow) params.set('workflow', workflow);
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await get(`/api/runs?${params}`);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const rows = page.items.map(row);
      if (append) body.append(...rows); else body.replaceChildren(...rows);
      if (!append && rows.length === 0) body.replaceChildren(h('tr', null, h('td', { colspan: 7, class: 'muted' }, 'No runs yet. Start one from a workflow.')));
      error.replaceChildren();
    } catch (failure) {
      error.replaceChildren(problem(failure));
    }
  }

  show('Runs',
    h('div', { class: 'title-row' }, h('h1', null, 'Runs'), live,
      current()?.canAct ? h('a', { class: 'button', href: '#/workflows' }, 'Start a run') : null),
    filters, error,
    h('table', { class: 'table runs' },
      h('caption', { class: 'sr-only' }, 'Runs, newest first'),
      h('thead', null, h('tr', null, ['Run', 'Workflow', 'Status', 'Waiting for', 'Started', 'Tokens', 'Cost'].map((c) => h('th', { scope: 'col' }, c)))),
      body),
    more);
  await load();
  const reload = debounce(() => load(), 200);
  return listen('/api/runs/events', (type) => {
    // On (re)connect too: a change between the first load and the subscription is not lost.
    if (type === 'ready') { live.dataset.live = 'on'; live.textContent = 'live'; }
    reload();
  });
}

function row(run) {
  return h('tr', { 'data-run': run.runId, 'data-status': run.status },
    h('td', { 'data-label': 'Run' }, h('a', { href: `#/runs/${seg(run.runId)}` }, run.runId)),
    h('td', { 'data-label': 'Workflow' }, run.workflow, run.origin ? h('span', { class: 'muted small', title: run.origin.summary }, ` · by ${run.origin.trigger.split('/').pop()}`) : null),
    h('td', { 'data-label': 'Status' }, badge(run.status)),
    h('td', { 'data-label': 'Waiting for' }, run.waiting?.length ? run.waiting.join(', ') : (run.current?.join(', ') || '—')),
    h('td', { 'data-label': 'Started' }, when(run.createdAt)),
    h('td', { 'data-label': 'Tokens', class: 'num' }, run.usage ? String(run.usage.tokens) : '—'),
    h('td', { 'data-label': 'Cost', class: 'num run-cost' }, cost(run.usage)));
}

/** A form field for one declared input: typed by the declaration. */
export function inputField(input) {
  const id = `input-${input.name}`;
  const type = (input.type || 'string').toLowerCase();
  let control;
  if (input.enum?.length) {
    control = h('select', { id, name: input.name },
      input.required ? null : h('option', { value: '' }, '(default)'),
      input.enum.map((v) => h('option', { value: JSON.stringify(v), selected: v === input.default }, String(v))));
  } else if (type === 'number' || type === 'integer') {
    control = h('input', { id, name: input.name, type: 'number', step: type === 'integer' ? '1' : 'any', value: input.default ?? '' });
  } else if (type === 'boolean') {
    control = h('input', { id, name: input.name, type: 'checkbox', checked: input.default === true });
  } else if (type === 'array' || type === 'object') {
    control = h('textarea', { id, name: input.name, rows: 3, spellcheck: false }, input.default === undefined ? '' : JSON.stringify(input.default, null, 2));
  } else {
    control = h('input', { id, name: input.name, type: 'text', value: input.default ?? '' });
  }
  control.required = !!input.required;
  control.dataset.type = input.enum?.length ? 'enum' : type;
  return h('div', { class: ['field', type === 'boolean' && 'check'] },
    h('label', { for: id }, input.name, input.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    input.description ? h('p', { class: 'muted small' }, input.description) : null);
}

/** The value of a field made by inputField (undefined: leave it out). */
export function fieldValue(control) {
  const type = control.dataset.type;
  if (type === 'boolean') return control.checked;
  if (control.value === '') return undefined;
  if (type === 'enum' || type === 'array' || type === 'object') return JSON.parse(control.value);
  if (type === 'number' || type === 'integer') return Number(control.value);
  return control.value;
}

/** #/start/{workflow}: a form with the workflow's inputs. */
export async function startPage(name) {
  const workflow = await get(`/api/workflows/${seg(name)}`);
  const error = h('div', { 'aria-live': 'polite' });
  const fields = (workflow.inputs || []).map(inputField);
  const button = h('button', { type: 'submit', class: 'primary', disabled: !current()?.canAct }, 'Start run');
  const form = h('form', {
    class: 'card',
    on: {
      submit: async (event) => {
        event.preventDefault();
        const inputs = {};
        try {
          for (const control of form.querySelectorAll('[data-type]')) {
            const value = fieldValue(control);
            if (value !== undefined) inputs[control.name] = value;
          }
        } catch {
          error.replaceChildren(problem(new Error('an array or object input is not valid JSON')));
          return;
        }
        button.disabled = true;
        try {
          const started = await post('/api/runs', { workflow: workflow.name, inputs });
          window.location.hash = `#/runs/${seg(started.runId)}`;
        } catch (failure) {
          error.replaceChildren(problem(failure));
          button.disabled = false;
        }
      },
    },
  },
  fields.length ? fields : h('p', { class: 'muted' }, 'This workflow takes no inputs.'),
  error,
  current()?.canAct ? null : h('p', { class: 'notice' }, 'Viewers may not start runs.'),
  button);
  show(`Start ${workflow.name}`,
    h('p', { class: 'crumbs' }, h('a', { href: '#/workflows' }, 'Workflows'), ' / ', h('a', { href: `#/workflows/${seg(workflow.name)}` }, workflow.name)),
    h('h1', null, `Start ${workflow.name}`),
    workflow.description ? h('p', null, workflow.description) : null,
    workflow.valid ? null : h('p', { class: 'error' }, 'This workflow has validation errors; starting it will be refused.'),
    form);
  form.querySelector('input, select, textarea, button')?.focus();
}
