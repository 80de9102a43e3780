package dev.bufferedsockets.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed matrix of {@code bench --sweep}: payload sizes 16 B to 1 MiB, depth 1 (request/response)
 * and 64 (pipelined), 1, 16 and 256 connections.
 *
 * <p>Cases that would put more than {@link #MAX_BYTES_IN_FLIGHT} of requests in flight (e.g.
 * 1 MiB x depth 64 x 16 connections = 1 GiB) are left out: they would measure memory pressure
 * and swap of a 24 GiB machine rather than the server, and can exhaust a server's heap.
 */
public final class SweepMatrix {

	public static final List<Integer> SIZES = List.of(16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576);

	public static final List<Integer> DEPTHS = List.of(1, 64);

	public static final List<Integer> CONNECTIONS = List.of(1, 16, 256);

	public static final long MAX_BYTES_IN_FLIGHT = 256L * 1024 * 1024;

	private SweepMatrix() {
	}

	/** @return the cases that run, by depth, then connections, then size */
	public static List<SweepCase> cases() {
		return all().stream().filter(SweepMatrix::runs).toList();
	}

	/** @return the cases left out for holding too many bytes in flight */
	public static List<SweepCase> skipped() {
		return all().stream().filter(c -> !runs(c)).toList();
	}

	private static boolean runs(SweepCase sweepCase) {
		return sweepCase.bytesInFlight() <= MAX_BYTES_IN_FLIGHT;
	}

	private static List<SweepCase> all() {
		List<SweepCase> cases = new ArrayList<>();
		for (int depth : DEPTHS) {
			for (int connections : CONNECTIONS) {
				for (int size : SIZES) {
					cases.add(new SweepCase(size, depth, connections));
				}
			}
		}
		return cases;
	}

}
