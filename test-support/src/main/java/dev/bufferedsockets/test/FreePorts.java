package dev.bufferedsockets.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for tests, below the operating system's ephemeral range. A test server that stops
 * and listens again (keepRunning) needs its port back; a port the OS never hands out to client
 * sockets on its own cannot be taken meanwhile by one of the tests' many client connections, as a
 * port from {@code new ServerSocket(0)} can.
 */
public final class FreePorts {

	private static final int LOWEST = 10000;

	private FreePorts() {
	}

	/** @return a port nothing listens on now, between 10000 and the start of the ephemeral range */
	public static int freePort() {
		int ephemeralStart = ephemeralRangeStart();
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
			try (ServerSocket probe = new ServerSocket(port)) {
				return port;
			}
			catch (IOException taken) {
				// try another
			}
		}
		throw new IllegalStateException("no free port between " + LOWEST + " and " + ephemeralStart);
	}

	private static int ephemeralRangeStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			return Math.max(LOWEST + 1000, Integer.parseInt(range.split("\\s+")[0]));
		}
		catch (IOException | RuntimeException notLinux) {
			return 32768;
		}
	}

}
