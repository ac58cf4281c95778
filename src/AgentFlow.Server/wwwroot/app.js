// The console: a hash router over the pages, the sign-in page and the header (who is signed in, sign-out).
import { current, get, onSessionChange, restore, signIn, signOut } from './api.js';
import { h, show, problem } from './dom.js';
import { runsPage, startPage } from './runs.js';
import { runPage } from './run.js';
import { comparePage } from './compare.js';
import { approvalsPage, approvalPage, updateCount } from './approvals.js';
import { workflowsPage, workflowPage } from './workflows.js';
import { triggersPage } from './triggers.js';
import { effectsPage, auditPage, memoryPage } from './records.js';

const routes = [
  [/^runs$/, runsPage, 'runs'],
  [/^runs\/([^/]+)$/, runPage, 'runs'],
  [/^runs\/([^/]+)\/compare$/, comparePage, 'runs'],
  [/^approvals$/, approvalsPage, 'approvals'],
  [/^approvals\/([^/]+)\/([^/]+)$/, approvalPage, 'approvals'],
  [/^workflows$/, workflowsPage, 'workflows'],
  [/^workflows\/([^/]+)$/, workflowPage, 'workflows'],
  [/^start\/([^/]+)$/, startPage, 'workflows'],
  [/^triggers$/, triggersPage, 'triggers'],
  [/^effects$/, effectsPage, 'effects'],
  [/^audit$/, auditPage, 'audit'],
  [/^memory$/, memoryPage, 'memory'],
];

let cleanup = null;
let afterSignIn = '#/runs';

/** Parses "#/runs?status=waiting" into ["runs", URLSearchParams]. */
function location() {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  return [path || 'runs', new URLSearchParams(query || '')];
}

// One navigation at a time: a page still loading (its first render and live updates not yet set up) finishes and
// registers its cleanup before the next one replaces it, so a slow page never draws over a newer one.
let rendering = Promise.resolve();
function route() {
  rendering = rendering.then(render, render);
  return rendering;
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const [path, query] = location();
  if (!current()) {
    if (path !== 'sign-in') afterSignIn = window.location.hash || '#/runs';
    signInPage();
    return;
  }
  if (path === 'sign-in') { window.location.hash = '#/runs'; return; }
  for (const [pattern, page, nav] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    markNav(nav);
    try {
      cleanup = await page(...match.slice(1).map(decodeURIComponent), query) || null;
    } catch (error) {
      show('Error', h('h1', null, 'Something went wrong'), problem(error));
    }
    refreshCount();
    // Focus moves to the new page unless the page put it on its first field.
    const main = document.getElementById('main');
    if (!main.contains(document.activeElement)) main.focus({ preventScroll: true });
    return;
  }
  show('Not found', h('h1', null, 'No such page'), h('p', null, h('a', { href: '#/runs' }, 'Go to the runs')));
}

/** The number of approvals the operator may decide, next to the nav link. */
function refreshCount() {
  get('/api/approvals').then(updateCount, () => {});
}

function markNav(active) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function signInPage() {
  markNav(null);
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert', hidden: true });
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'token-help sign-in-error' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'card narrow',
    on: {
      submit: async (event) => {
        event.preventDefault();
        button.disabled = true;
        error.hidden = true;
        try {
          await signIn(token.value);
          token.value = '';
          const target = afterSignIn === '#/sign-in' ? '#/runs' : afterSignIn;
          if (window.location.hash === target) await route();
          else window.location.hash = target;
        } catch (failure) {
          error.textContent = failure.message;
          error.hidden = false;
          token.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
  },
  h('h1', null, 'Sign in'),
  h('label', { for: 'token' }, 'Operator token'),
  token,
  h('p', { id: 'token-help', class: 'muted' }, 'The token ', h('code', null, 'agentflow operators add NAME'), ' printed for you. It is sent once; the console keeps only a session cookie.'),
  error,
  button);
  show('Sign in', form);
  token.focus();
}

function header(session) {
  const signedIn = !!session;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  document.getElementById('who-name').textContent = signedIn ? `${session.operator} (${session.roles.join(', ')})` : '';
}

let signedIn = false;
let signingOut = false;
onSessionChange((session) => {
  header(session);
  // A session that ended under a page (expired, server restarted): back to the sign-in page.
  if (signedIn && !session && !signingOut) route();
  signedIn = !!session;
});

document.getElementById('sign-out').addEventListener('click', async () => {
  signingOut = true;
  await signOut().catch(() => {});
  signingOut = false;
  afterSignIn = '#/runs';
  if (window.location.hash === '#/sign-in') route();
  else window.location.hash = '#/sign-in';
});

window.addEventListener('hashchange', route);
await restore();
route();
