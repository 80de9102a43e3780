package dev.bufferedsockets.bench;

/**
 * One measured run of a sweep.
 *
 * @param sweepCase the load shape
 * @param target the server's name
 * @param repetition 0-based repetition of the case
 * @param result what it measured
 */
public record SweepRun(SweepCase sweepCase, String target, int repetition, BenchResult result) {
}
