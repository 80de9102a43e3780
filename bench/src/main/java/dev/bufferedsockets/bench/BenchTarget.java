package dev.bufferedsockets.bench;

/**
 * A server a sweep loads.
 *
 * @param name what the report calls it, e.g. "ours" or "netty"
 * @param host its host
 * @param port its TCP port
 * @param pid its process id for the CPU split; 0 when unknown
 */
public record BenchTarget(String name, String host, int port, long pid) {
}
