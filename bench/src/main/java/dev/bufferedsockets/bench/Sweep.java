package dev.bufferedsockets.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a list of cases against one or more servers. With several servers, each case runs against
 * all of them back to back, and the order rotates from case to case and repetition to repetition
 * (A B, B A, ... with two; A B C, C A B, B C A, ... with three), so drift on a shared machine falls
 * on every server alike.
 */
public final class Sweep {

	/** Told after each run, e.g. to print a line. */
	@FunctionalInterface
	public interface Listener {

		void finished(SweepRun run, int done, int total);

	}

	private final LoadGenerator generator;

	private final BenchSettings template;

	/**
	 * @param template timings, payload text and threads of every run; its target and shape are replaced
	 */
	public Sweep(LoadGenerator generator, BenchSettings template) {
		this.generator = generator;
		this.template = template;
	}

	public List<SweepRun> run(List<SweepCase> cases, List<BenchTarget> targets, int repetitions, Listener listener)
			throws IOException, InterruptedException {
		List<SweepRun> runs = new ArrayList<>();
		int total = cases.size() * targets.size() * repetitions;
		for (int repetition = 0; repetition < repetitions; repetition++) {
			for (int i = 0; i < cases.size(); i++) {
				SweepCase sweepCase = cases.get(i);
				List<BenchTarget> order = new ArrayList<>(targets);
				Collections.rotate(order, (i + repetition) % order.size());
				for (BenchTarget target : order) {
					BenchSettings settings = this.template.withTarget(target.host(), target.port(), target.pid())
						.withShape(sweepCase.connections(), sweepCase.payloadBytes(), sweepCase.depth());
					SweepRun run = new SweepRun(sweepCase, target.name(), repetition,
							this.generator.run(settings, ProgressListener.NONE));
					runs.add(run);
					listener.finished(run, runs.size(), total);
				}
			}
		}
		return runs;
	}

}
