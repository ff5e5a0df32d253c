/** Linear scales with round tick steps, for the SVG charts of the comparison pages. */

export interface Scale {
  (value: number): number;
  ticks: number[];
}

/** Maps [min, max] onto [from, to] (to < from for a y axis that grows upwards), with round ticks. */
export function linear(min: number, max: number, from: number, to: number, maxTicks: number): Scale {
  const span = max - min || 1;
  const scale = ((value: number) => from + ((value - min) / span) * (to - from)) as Scale;
  const step = niceStep(span, maxTicks);
  scale.ticks = [];
  for (let tick = Math.ceil(min / step - 1e-9) * step; tick <= max + 1e-9; tick += step) scale.ticks.push(Number(tick.toFixed(6)));
  return scale;
}

/** The roundest step (1, 2, 2.5 or 5 × a power of ten) giving at most `maxTicks` ticks. */
export function niceStep(range: number, maxTicks: number): number {
  const power = 10 ** Math.floor(Math.log10(range / maxTicks));
  for (const factor of [1, 2, 2.5, 5, 10]) if (range / (factor * power) <= maxTicks) return factor * power;
  return 10 * power;
}
