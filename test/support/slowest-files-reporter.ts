import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the slowest test files after vitest's own summary, so a run shows where its time went.
 * The time of a file: importing it, its hooks and tests (what the default reporter shows per file).
 * SLOWEST_FILES sets how many are listed (default 12; 0 lists none).
 */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = Number(process.env.SLOWEST_FILES ?? 12);
    if (!(count > 0) || testModules.length === 0) return;
    const timed = testModules
      .map((module) => {
        const diagnostic = module.diagnostic();
        return { file: module.relativeModuleId, ms: diagnostic.collectDuration + diagnostic.duration };
      })
      .sort((a, b) => b.ms - a.ms);
    const total = timed.reduce((sum, entry) => sum + entry.ms, 0);
    const lines = timed.slice(0, count).map((entry) => `  ${(entry.ms / 1000).toFixed(1).padStart(7)} s  ${entry.file}`);
    process.stdout.write(
      `\n Slowest test files (of ${timed.length}, ${(total / 1000).toFixed(0)} s in all files together):\n${lines.join('\n')}\n`,
    );
  }
}
