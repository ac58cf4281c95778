// Builds DOM nodes without ever parsing strings as HTML: every value from the API becomes text.

const SVG = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (key === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key in element && typeof value !== 'string' && !(element instanceof SVGElement)) {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An HTML element: h('button', { type: 'button', on: { click } }, 'Approve'). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

/** Replaces the content of the main area and moves focus there (so keyboard and screen-reader users follow). */
export function show(title, ...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  document.title = `${title} · AgentFlow console`;
  return main;
}

/** A date as local date and time, or an em dash. */
export function when(value) {
  if (!value) return '—';
  const date = new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

/** A duration such as "00:00:01.2340000" (TimeSpan) as "1.23 s". */
export function duration(value) {
  if (!value) return '—';
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) return String(value);
  const seconds = (+(match[1] || 0)) * 86400 + (+match[2]) * 3600 + (+match[3]) * 60 + (+match[4]);
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Time left until a deadline, as "3 h 59 min" (or "overdue"). */
export function timeLeft(deadline) {
  if (!deadline) return 'no deadline';
  let ms = new Date(deadline) - Date.now();
  if (ms <= 0) return 'overdue';
  const days = Math.floor(ms / 86400000); ms -= days * 86400000;
  const hours = Math.floor(ms / 3600000); ms -= hours * 3600000;
  const minutes = Math.floor(ms / 60000); ms -= minutes * 60000;
  const seconds = Math.floor(ms / 1000);
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${minutes} min`;
  return `${minutes} min ${seconds} s`;
}

/** Tokens of a usage ({ inputTokens, outputTokens }) as "35 in / 12 out", or an em dash without one. */
export function tokens(usage) {
  return usage ? `${usage.inputTokens ?? 0} in / ${usage.outputTokens ?? 0} out` : '—';
}

/** A usage's cost with its currency ("0.0012 USD"), or an em dash when it had no price. */
export function cost(usage) {
  if (!usage || usage.cost === undefined || usage.cost === null) return '—';
  const amount = Number(usage.cost).toLocaleString('en', { maximumFractionDigits: 8, useGrouping: false });
  return usage.currency ? `${amount} ${usage.currency}` : amount;
}

/** A status badge. */
export function badge(status) {
  const text = String(status || 'unknown').toLowerCase();
  return h('span', { class: ['badge', `st-${text}`] }, text);
}

/** JSON as an indented, readable block. */
export function json(value) {
  return h('pre', { class: 'json' }, value === undefined ? '—' : JSON.stringify(value, null, 2));
}

/** A short message area that says what went wrong. */
export function problem(error) {
  return h('p', { class: 'error', role: 'alert' }, error?.message || String(error));
}
