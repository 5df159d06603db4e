/** A stacked bar chart of daily counts by status, drawn on the server as accessible SVG. */
import type { Status, StatusCounts } from '../plugin/index.js';

export interface DayCounts {
  /** YYYY-MM-DD (UTC). */
  date: string;
  counts: StatusCounts;
}

export const CHART_COLOURS: Record<Status, string> = {
  approved: '#1d6b2f',
  pending: '#b26b00',
  pitch: '#5b2a86',
  spam: '#a4161a',
  discard: '#6b7580',
  trash: '#8a6d3b',
};

const ORDER: Status[] = ['approved', 'pending', 'pitch', 'spam', 'discard'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A "nice" axis maximum at or above n: 1, 2, 5 × 10^k. */
export function niceMax(n: number): number {
  if (n <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

export function drawDailyChart(days: DayCounts[], { width = 720, height = 260, title = 'Submissions per day by status' } = {}): string {
  const pad = { top: 16, right: 12, bottom: 36, left: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const totals = days.map((d) => ORDER.reduce((sum, s) => sum + (d.counts[s] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = days.length ? plotW / days.length : plotW;
  const barW = Math.max(1, slot * 0.72);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const parts: string[] = [];

  for (const tick of [0, max / 2, max]) {
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#c9d0d8" stroke-width="1"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#4a5360">${Number.isInteger(tick) ? tick : tick.toFixed(1)}</text>`);
  }
  days.forEach((day, i) => {
    const x = pad.left + i * slot + (slot - barW) / 2;
    let base = 0;
    const label = ORDER.filter((s) => day.counts[s]).map((s) => `${day.counts[s]} ${s}`).join(', ') || 'nothing';
    parts.push(`<g><title>${escapeXml(`${day.date}: ${label}`)}</title>`);
    for (const status of ORDER) {
      const n = day.counts[status] ?? 0;
      if (!n) continue;
      const top = y(base + n);
      parts.push(`<rect class="bar ${status}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - top).toFixed(1)}" fill="${CHART_COLOURS[status]}"/>`);
      base += n;
    }
    parts.push('</g>');
    if (i % 5 === 0 || i === days.length - 1) {
      parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle" font-size="11" fill="#4a5360">${escapeXml(day.date.slice(5))}</text>`);
    }
  });
  const total = totals.reduce((a, b) => a + b, 0);
  const desc = `${total} submissions over ${days.length} days${days.length ? `, ${days[0]!.date} to ${days[days.length - 1]!.date}` : ''}; busiest day ${Math.max(0, ...totals)}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(desc)}</desc>`,
    ...parts,
    `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0)}" y2="${y(0)}" stroke="#1b1f24" stroke-width="1"/>`,
    '</svg>',
  ].join('');
}
