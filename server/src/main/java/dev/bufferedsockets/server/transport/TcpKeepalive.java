package dev.bufferedsockets.server.transport;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.time.Duration;

import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive as {@code buffered.server.keepalive} sets it on each accepted connection: probes
 * after that much silence, one every third of it (at least a second), and the connection closed
 * by the kernel after three unanswered ones. That is how the server learns of a client that
 * vanished without a FIN or RST, which no read or write would ever report on an idle connection.
 * Where the platform lacks the timing options, keepalive is on with the system's timings.
 */
final class TcpKeepalive {

	private static final int PROBES = 3;

	private final Duration idle;

	TcpKeepalive(Duration idle) {
		this.idle = idle;
	}

	void apply(NetworkChannel channel) throws IOException {
		if (this.idle.isZero()) {
			return;
		}
		channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
		int idleSeconds = (int) Math.max(1, this.idle.toSeconds());
		setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
		setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, Math.max(1, idleSeconds / 3));
		setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
	}

	private static void setIfSupported(NetworkChannel channel, SocketOption<Integer> option, int value)
			throws IOException {
		if (channel.supportedOptions().contains(option)) {
			channel.setOption(option, value);
		}
	}

}
