package dev.bufferedsockets.bench;

/**
 * One load shape of a sweep.
 *
 * @param payloadBytes request payload bytes
 * @param depth requests in flight per connection
 * @param connections connections
 */
public record SweepCase(int payloadBytes, int depth, int connections) {

	/** @return e.g. "64 B d64 c16" */
	public String label() {
		return size(this.payloadBytes) + " d" + this.depth + " c" + this.connections;
	}

	/** @return bytes in a short human form: 64 B, 16 KiB, 1 MiB */
	public static String size(long bytes) {
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return bytes / (1024 * 1024) + " MiB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return bytes / 1024 + " KiB";
		}
		return bytes + " B";
	}

	/** @return request bytes the servers hold at most at once in this case */
	public long bytesInFlight() {
		return (long) this.payloadBytes * this.depth * this.connections;
	}

}
