/**
 * Prints one plain closing line, `jest: N passed, N failed` (with `, N skipped` when any were),
 * after jest's own summary, so a log reader that does not know jest's format can count the run.
 */
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`;
    // At exit, on stderr like jest's own summary, so it is the last line even after "Ran all test suites".
    process.once("exit", () => process.stderr.write(`${line}\n`));
  }
}
module.exports = PlainSummaryReporter;
