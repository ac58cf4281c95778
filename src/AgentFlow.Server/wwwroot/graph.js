// Draws a workflow graph ({ start, nodes, edges } from /api/workflows/NAME/graph?format=json) as SVG: nodes in
// layers by their distance from the start (back edges of cycles ignored), edges as arrows, colours by node state.
import { s } from './dom.js';

const W = 168, H = 46, GAP_X = 18, GAP_Y = 46, PAD = 14;

function layers(graph) {
  const ids = graph.nodes.map((n) => n.id);
  const out = new Map(ids.map((id) => [id, []]));
  for (const e of graph.edges) if (out.has(e.from) && out.has(e.to)) out.get(e.from).push(e.to);

  // Depth-first from the start finds the back edges (those closing a cycle); the rest is a DAG.
  const back = new Set();
  const state = new Map();
  const visit = (id) => {
    state.set(id, 1);
    for (const to of out.get(id)) {
      if (state.get(to) === 1) back.add(`${id}->${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 2);
  };
  if (out.has(graph.start)) visit(graph.start);
  for (const id of ids) if (!state.has(id)) visit(id);

  // Longest path from the start gives each node its layer.
  const depth = new Map(ids.map((id) => [id, 0]));
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const [from, tos] of out) {
      for (const to of tos) {
        if (back.has(`${from}->${to}`)) continue;
        if (depth.get(to) < depth.get(from) + 1) { depth.set(to, depth.get(from) + 1); changed = true; }
      }
    }
    if (!changed) break;
  }
  const rows = [];
  for (const id of ids) (rows[depth.get(id)] ??= []).push(id);
  return { rows: rows.filter(Boolean), back };
}

/** The SVG of the graph; stateOf(id) gives each node's state (pending, running, waiting, completed, failed). */
export function drawGraph(graph, stateOf = () => 'pending') {
  const { rows, back } = layers(graph);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  const height = PAD * 2 + rows.length * H + (rows.length - 1) * GAP_Y;
  const at = new Map();
  rows.forEach((row, y) => {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    row.forEach((id, x) => at.set(id, { x: left + x * (W + GAP_X), y: PAD + y * (H + GAP_Y) }));
  });
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Workflow graph; node colours show each node\'s state' },
    s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));

  for (const edge of graph.edges) {
    const a = at.get(edge.from), b = at.get(edge.to);
    if (!a || !b) continue;
    const x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2, y2 = b.y;
    let d;
    if (back.has(`${edge.from}->${edge.to}`) || y2 <= y1) {
      // A loop back up: around the right side of both nodes.
      const side = Math.max(a.x, b.x) + W + GAP_X / 2;
      d = `M ${a.x + W} ${a.y + H / 2} C ${side + 20} ${a.y + H / 2}, ${side + 20} ${b.y + H / 2}, ${b.x + W} ${b.y + H / 2}`;
    } else {
      const mid = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${mid}, ${x2} ${mid}, ${x2} ${y2}`;
    }
    svg.append(s('path', { d, class: ['edge', edge.dashed && 'dashed'], 'marker-end': 'url(#arrow)' },
      s('title', null, `${edge.from} → ${edge.to}${edge.label ? ` when ${edge.label}` : ''}`)));
  }

  for (const [id, p] of at) {
    const node = byId.get(id);
    const state = stateOf(id) || 'pending';
    svg.append(s('g', { class: ['node', `st-${state}`, `kind-${node.kind}`], 'data-node': id, 'data-state': state, transform: `translate(${p.x} ${p.y})` },
      s('title', null, `${node.caption || id} — ${state}${node.description ? `\n${node.description}` : ''}`),
      s('rect', { width: W, height: H, rx: node.kind === 'end' || node.kind === 'fail' ? 23 : 8 }),
      s('text', { x: W / 2, y: 19, class: 'node-id' }, clip(id, 20)),
      s('text', { x: W / 2, y: 35, class: 'node-kind' }, `${node.kind} · ${state}`)));
  }
  return svg;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A legend of the state colours. */
export function legend() {
  return s('svg', { class: 'legend', viewBox: '0 0 520 20', role: 'img', 'aria-label': 'Legend: pending, running, waiting, completed, failed' },
    ['pending', 'running', 'waiting', 'completed', 'failed'].map((state, i) => s('g', { class: ['node', `st-${state}`], transform: `translate(${i * 104} 2)` },
      s('rect', { width: 16, height: 16, rx: 4 }),
      s('text', { x: 22, y: 13, class: 'legend-text' }, state))));
}
