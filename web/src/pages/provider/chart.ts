/** Small pieces shared by the SVG charts: scales and tick steps that read as round numbers. */

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** The roundest step (1, 2, 2.5 or 5 times a power of ten) that gives at most `maxTicks` ticks. */
export function niceStep(range: number, maxTicks: number): number {
  if (range <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(range / maxTicks));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (range / (factor * power) <= maxTicks) return factor * power;
  }
  return 10 * power;
}

/** Maps [min, max] onto [from, to] (to < from for a y axis that grows upwards). */
export function linearScale(min: number, max: number, from: number, to: number, maxTicks = 6): Scale {
  const span = max - min || 1;
  const scale = ((value: number) => from + ((value - min) / span) * (to - from)) as Scale;
  const step = niceStep(span, maxTicks);
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step - 1e-9) * step; tick <= max + 1e-9; tick += step) ticks.push(Number(tick.toFixed(6)));
  scale.ticks = ticks;
  return scale;
}

/** An SVG path through the points, broken where a value is missing. */
export function linePath(points: ReadonlyArray<[number, number] | null>): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point[0].toFixed(1)},${point[1].toFixed(1)}`;
    drawing = true;
  }
  return path;
}
