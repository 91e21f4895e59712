/**
 * The plan as a picture: one stacked bar per step (old ready, terminating, new starting, new ready),
 * the replica line and the available line, every band labelled where it is tallest so nobody hunts
 * for a legend. Plain SVG 1.1, no scripts or external fonts.
 */
import { PlanStep } from './simulate';
import { AppPlan } from './app-plan';

const BANDS: { key: keyof PlanStep; label: string; fill: string; text: string }[] = [
  { key: 'oldReady', label: 'old ready', fill: '#3b6fb6', text: '#ffffff' },
  { key: 'oldTerminating', label: 'terminating', fill: '#c9ced6', text: '#1d2430' },
  { key: 'newReady', label: 'new ready', fill: '#2f9e5b', text: '#ffffff' },
  { key: 'newStarting', label: 'new starting', fill: '#f2c14e', text: '#1d2430' },
];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The SVG of one app's plan. */
export function renderSvg(plan: AppPlan): string {
  const steps = plan.steps;
  const top = Math.max(plan.replicas, ...steps.map((s) => s.oldReady + s.oldTerminating + s.newReady + s.newStarting), 1);
  const barWidth = Math.max(22, Math.min(56, Math.floor(720 / steps.length)));
  const left = 56;
  const plotWidth = barWidth * steps.length;
  const width = left + plotWidth + 150;
  const plotTop = 86;
  const plotHeight = Math.max(180, Math.min(320, top * 36));
  const height = plotTop + plotHeight + 56;
  const unit = plotHeight / (top + 0.5);
  const y = (pods: number) => plotTop + plotHeight - pods * unit;
  const x = (index: number) => left + index * barWidth;
  const out: string[] = [];
  const s = plan.summary;
  const headline = s.stalled
    ? `cannot finish: ${s.stalled}`
    : `peak ${s.peakPods} pods (+${s.extraPods}), lowest available ${s.lowestAvailable} of ${plan.replicas}, about ${s.estimatedSeconds} s`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(plan.title)}: pods over the release</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold" fill="#1d2430">${esc(plan.title)}</text>`,
    `<text x="${left}" y="42" fill="${s.stalled ? '#b3261e' : '#1d2430'}">${esc(headline)}</text>`,
  );
  const tick = Math.max(1, Math.ceil(top / 8));
  for (let pods = 0; pods <= top; pods += tick) {
    out.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y(pods)}" y2="${y(pods)}" stroke="#eceff3"/>`,
      `<text x="${left - 8}" y="${y(pods) + 4}" text-anchor="end" fill="#5b6472">${pods}</text>`);
  }
  out.push(`<text x="14" y="${plotTop + plotHeight / 2}" transform="rotate(-90 14 ${plotTop + plotHeight / 2})" text-anchor="middle" fill="#5b6472">pods</text>`);
  // Bars, and where each band is tallest (for its label).
  const best = new Map<string, { index: number; base: number; count: number }>();
  steps.forEach((step, i) => {
    let base = 0;
    for (const band of BANDS) {
      const count = step[band.key] as number;
      if (count <= 0) continue;
      out.push(`<rect x="${x(i) + 2}" y="${y(base + count)}" width="${barWidth - 4}" height="${count * unit}" fill="${band.fill}" stroke="#ffffff" stroke-width="1"/>`);
      const seen = best.get(band.label);
      if (!seen || count > seen.count) best.set(band.label, { index: i, base, count });
      base += count;
    }
    const previous = steps[i - 1];
    if (!previous || previous.time !== step.time) {
      out.push(`<text x="${x(i) + barWidth / 2}" y="${plotTop + plotHeight + 16}" text-anchor="middle" fill="#5b6472">${step.time}s</text>`);
    }
  });
  out.push(`<text x="${left}" y="${plotTop + plotHeight + 36}" fill="#5b6472">one bar per controller step; seconds since the release started (estimated)</text>`);
  // Phase marks (flip, promote).
  plan.marks.forEach((mark, k) => {
    const labelY = plotTop - 26 + (k % 2) * 14;
    out.push(`<line x1="${x(mark.step)}" x2="${x(mark.step)}" y1="${labelY + 4}" y2="${plotTop + plotHeight}" stroke="#7a4fb5" stroke-dasharray="3 3"/>`,
      `<text x="${x(mark.step) + 4}" y="${labelY}" fill="#7a4fb5" font-weight="bold">${esc(mark.label)}</text>`);
  });
  // Replica line.
  out.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y(plan.replicas)}" y2="${y(plan.replicas)}" stroke="#1d2430" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    `<text x="${left + plotWidth + 8}" y="${y(plan.replicas) + 4}" fill="#1d2430">replicas ${plan.replicas}</text>`);
  // Available line, as a step line over the bars.
  const path = steps.map((step, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(step.available)} L${x(i + 1)},${y(step.available)}`).join(' ');
  out.push(`<path d="${path}" fill="none" stroke="#b3261e" stroke-width="2.5"/>`);
  const last = steps[steps.length - 1];
  const lowest = steps.findIndex((step) => step.available === s.lowestAvailable);
  out.push(`<text x="${left + plotWidth + 8}" y="${y(last.available) + (last.available === plan.replicas ? 18 : 4)}" fill="#b3261e" font-weight="bold">available ${last.available}</text>`);
  if (s.lowestAvailable < plan.replicas) {
    out.push(`<text x="${x(lowest) + 4}" y="${y(s.lowestAvailable) + 16}" fill="#b3261e" font-weight="bold" stroke="#ffffff" stroke-width="3" paint-order="stroke">lowest ${s.lowestAvailable}</text>`);
  }
  // Band labels, inside the band where it is tallest (with a halo so they read over neighbours).
  for (const band of BANDS) {
    const at = best.get(band.label);
    if (!at) continue;
    const cx = x(at.index) + barWidth / 2;
    const cy = y(at.base + at.count / 2) + 4;
    out.push(`<text x="${cx}" y="${cy}" text-anchor="middle" fill="${band.text}" stroke="${band.fill}" stroke-width="3" paint-order="stroke" font-weight="bold">${band.label} ${at.count}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
