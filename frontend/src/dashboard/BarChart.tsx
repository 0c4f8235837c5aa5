/** A small, dependency-free horizontal bar chart in SVG (accessible: a titled figure plus a table for screen readers). */
export interface Bar {
  label: string;
  value: number;
  display: string;
  color?: string;
}

export function BarChart({ bars, title, width = 420 }: { bars: Bar[]; title: string; width?: number }) {
  const labelWidth = 90;
  const valueWidth = 110;
  const rowHeight = 26;
  const max = Math.max(1e-9, ...bars.map((b) => Math.abs(b.value)));
  const plot = width - labelWidth - valueWidth;
  const height = bars.length * rowHeight + 4;
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title} style={{ maxWidth: width, display: 'block' }}>
        <title>{title}</title>
        {bars.map((bar, i) => {
          const w = Math.max(bar.value > 0 ? 2 : 0, (Math.abs(bar.value) / max) * plot);
          const y = i * rowHeight + 4;
          return (
            <g key={bar.label} data-testid="bar">
              <text x={labelWidth - 8} y={y + 14} textAnchor="end" fontSize="12" fill="currentColor">
                {bar.label}
              </text>
              <rect x={labelWidth} y={y + 2} width={w} height={rowHeight - 8} rx={3} fill={bar.color ?? 'var(--mantine-color-indigo-6)'}>
                <animate attributeName="width" from="0" to={w} dur="0.3s" />
              </rect>
              <text x={labelWidth + w + 6} y={y + 14} fontSize="12" fill="currentColor">
                {bar.display}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
