/** Linear scales with round tick steps and broken lines, for every SVG chart of the portal. */

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** Maps [min, max] onto [from, to] (to < from for a y axis that grows upwards), with round ticks. */
export function linear(min: number, max: number, from: number, to: number, maxTicks = 6): Scale {
  const span = max - min || 1;
  const scale = ((value: number) => from + ((value - min) / span) * (to - from)) as Scale;
  const step = niceStep(span, maxTicks);
  scale.ticks = [];
  for (let tick = Math.ceil(min / step - 1e-9) * step; tick <= max + 1e-9; tick += step) scale.ticks.push(Number(tick.toFixed(6)));
  return scale;
}

/** The roundest step (1, 2, 2.5 or 5 × a power of ten) giving at most `maxTicks` ticks. */
export function niceStep(range: number, maxTicks: number): number {
  if (range <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(range / maxTicks));
  for (const factor of [1, 2, 2.5, 5, 10]) if (range / (factor * power) <= maxTicks) return factor * power;
  return 10 * power;
}

/** An SVG path through the points, broken where a value is missing. */
export function linePath(points: ReadonlyArray<readonly [number, number] | null>): string {
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

/** Whole percents when the ticks are whole percents, else one decimal. */
export function tickDigits(ticks: readonly number[]): number {
  return ticks.every((tick) => Math.abs(tick * 100 - Math.round(tick * 100)) < 1e-6) ? 0 : 1;
}
