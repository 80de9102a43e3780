package dev.bufferedsockets.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * CPU time of the generator process, the server process (by pid) and an in-process server,
 * read at the start and end of the measurement window. Process CPU comes from
 * {@link ProcessHandle.Info#totalCpuDuration()} ({@code /proc/<pid>/stat} on Linux, in clock ticks).
 */
final class CpuWindow {

	private final ProcessHandle generator = ProcessHandle.current();

	private final ProcessHandle server;

	private final LongSupplier inProcessServer;

	private long wallStart = -1;

	private long wallEnd = -1;

	private final long[] startCpu = new long[3];

	private final long[] endCpu = new long[3];

	CpuWindow(long serverPid, LongSupplier inProcessServer) {
		this.server = (serverPid > 0) ? ProcessHandle.of(serverPid).orElse(null) : null;
		this.inProcessServer = inProcessServer;
	}

	boolean started() {
		return this.wallStart >= 0;
	}

	boolean ended() {
		return this.wallEnd >= 0;
	}

	void start() {
		read(this.startCpu);
		this.wallStart = System.nanoTime();
	}

	void end() {
		read(this.endCpu);
		this.wallEnd = System.nanoTime();
	}

	/** @param generatorThreads cores the selector threads used, measured by the threads themselves */
	BenchResult.CpuSplit split(double generatorThreads) {
		int cores = Runtime.getRuntime().availableProcessors();
		return new BenchResult.CpuSplit(generatorThreads, cores(0), cores(1), cores(2), cores);
	}

	/** @return cores used by one of the clocks in the window, or null if it was not read */
	private Double cores(int index) {
		if (!started() || !ended() || this.startCpu[index] < 0 || this.endCpu[index] < this.startCpu[index]) {
			return null;
		}
		return (double) (this.endCpu[index] - this.startCpu[index]) / (this.wallEnd - this.wallStart);
	}

	private void read(long[] into) {
		into[0] = cpuNanos(this.generator);
		into[1] = (this.server != null) ? cpuNanos(this.server) : -1;
		into[2] = (this.inProcessServer != null) ? this.inProcessServer.getAsLong() : -1;
	}

	private static long cpuNanos(ProcessHandle process) {
		return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
	}

}
