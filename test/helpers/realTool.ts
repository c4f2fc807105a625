/**
 * Ladder step 3 tests run real binaries. A missing tool skips with a visible reason on a developer
 * machine and FAILS under CI, where scripts/install-bench-tools.sh must have installed it.
 */
export function realToolTest(name: string, missing: string | null, fn: () => Promise<void>, timeout: number): void {
  if (missing === null) return void test(name, fn, timeout);
  if (process.env.CI) return void test(name, () => { throw new Error(`${missing} (CI must run scripts/install-bench-tools.sh)`); });
  console.warn(`skipping "${name}": ${missing}; run scripts/install-bench-tools.sh`);
  test.skip(name, fn);
}
