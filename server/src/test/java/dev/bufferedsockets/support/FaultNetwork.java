package dev.bufferedsockets.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A network namespace of this test's own, joined to the test's namespace by a veth pair, so a
 * server in it is reached over a link that tests can slow down ({@code tbf}) or cut (link down: no
 * FIN, no RST), as a real network does. Needs root and iproute2; {@link #create()} skips the test
 * with one line saying why where they are missing. {@link #close()} deletes the namespace and
 * with it the link.
 */
public final class FaultNetwork implements AutoCloseable {

	private static final AtomicInteger CREATED = new AtomicInteger();

	private final String namespace;

	private final String hostSide;

	private final String serverSide;

	private final String hostAddress;

	private final String serverAddress;

	private FaultNetwork(String namespace, int subnet) {
		this.namespace = namespace;
		this.hostSide = "bsh" + subnet;
		this.serverSide = "bss" + subnet;
		String prefix = "10." + (subnet >> 8) + "." + (subnet & 0xFF) + ".";
		this.hostAddress = prefix + "1";
		this.serverAddress = prefix + "2";
	}

	/** @return a new namespace with its link up, or the test is skipped, with the reason */
	public static FaultNetwork create() throws IOException, InterruptedException {
		String why = unavailableBecause();
		assumeTrue(why == null, () -> "fault tests skipped: " + why);
		int subnet = ThreadLocalRandom.current().nextInt(1, 0xFFFF);
		FaultNetwork network = new FaultNetwork("bs-" + ProcessHandle.current().pid() + "-" + CREATED.incrementAndGet(),
				subnet);
		try {
			network.setUp();
		}
		catch (IOException | RuntimeException ex) {
			network.close();
			throw ex;
		}
		return network;
	}

	/** @return the address clients reach the server at, through the link */
	public String serverAddress() {
		return this.serverAddress;
	}

	/** @return {@code command} run inside the namespace */
	public List<String> inNamespace(List<String> command) {
		List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", this.namespace));
		wrapped.addAll(command);
		return wrapped;
	}

	/** Slow the link both ways to {@code rate} (such as {@code 1mbit}), queueing at most {@code latency}. */
	public void limit(String rate, String latency) throws IOException, InterruptedException {
		run("tc", "qdisc", "replace", "dev", this.hostSide, "root", "tbf", "rate", rate, "burst", "16kb", "latency",
				latency);
		run("ip", "netns", "exec", this.namespace, "tc", "qdisc", "replace", "dev", this.serverSide, "root", "tbf",
				"rate", rate, "burst", "16kb", "latency", latency);
	}

	/** Cut the link: packets are dropped, neither side hears a FIN or a RST. */
	public void cut() throws IOException, InterruptedException {
		run("ip", "-n", this.namespace, "link", "set", this.serverSide, "down");
	}

	/** Join the link again after {@link #cut()}. */
	public void heal() throws IOException, InterruptedException {
		run("ip", "-n", this.namespace, "link", "set", this.serverSide, "up");
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run("ip", "netns", "delete", this.namespace); // takes both ends of the link with it
	}

	private void setUp() throws IOException, InterruptedException {
		run("ip", "netns", "add", this.namespace);
		run("ip", "link", "add", this.hostSide, "type", "veth", "peer", "name", this.serverSide);
		run("ip", "link", "set", this.serverSide, "netns", this.namespace);
		run("ip", "addr", "add", this.hostAddress + "/24", "dev", this.hostSide);
		run("ip", "link", "set", this.hostSide, "up");
		run("ip", "-n", this.namespace, "addr", "add", this.serverAddress + "/24", "dev", this.serverSide);
		run("ip", "-n", this.namespace, "link", "set", this.serverSide, "up");
		run("ip", "-n", this.namespace, "link", "set", "lo", "up");
	}

	/** @return why namespaces cannot be made here, or null if they can */
	private static String unavailableBecause() throws InterruptedException {
		String probe = "bs-probe-" + ProcessHandle.current().pid();
		try {
			run("ip", "netns", "add", probe);
			run("ip", "netns", "delete", probe);
			return null;
		}
		catch (IOException ex) {
			return "cannot create a network namespace (needs root and iproute2): " + ex.getMessage();
		}
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException(String.join(" ", command) + " did not finish");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
	}

}
