/**
 * A small line of a provider's values over the last periods, with the region's beside it in grey.
 * Decoration only (aria-hidden): the trend table next to it gives the same numbers in words.
 */
type Series = ReadonlyArray<number | null>;

export function Sparkline({
  values,
  region,
  width = 104,
  height = 32,
}: {
  values: Series;
  region: Series;
  width?: number;
  height?: number;
}) {
  const all = [...values, ...region].filter((v): v is number => v !== null);
  if (all.length === 0) return null;
  let low = Math.min(...all);
  let high = Math.max(...all);
  if (high - low < 0.02) {
    // A flat line in a tiny range would exaggerate noise: show at least two percentage points.
    const middle = (high + low) / 2;
    low = middle - 0.01;
    high = middle + 0.01;
  }
  const count = Math.max(values.length, region.length);
  const x = (index: number) => 4 + (index / Math.max(1, count - 1)) * (width - 8);
  const y = (value: number) => height - 4 - ((value - low) / (high - low)) * (height - 8);
  const path = (series: Series) => {
    let d = '';
    let drawing = false;
    series.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      d += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
      drawing = true;
    });
    return d;
  };
  return (
    <svg className="cm-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <path className="cm-sparkline__region" d={path(region)} />
      <path className="cm-sparkline__line" d={path(values)} />
      {values.map(
        (value, index) => value !== null && <circle key={index} className="cm-sparkline__dot" cx={x(index)} cy={y(value)} r={2.5} />,
      )}
    </svg>
  );
}
