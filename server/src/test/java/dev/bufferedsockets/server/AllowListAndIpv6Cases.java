package dev.bufferedsockets.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Listening on {@code ::} (IPv4 and IPv6) with an allow-list that admits only IPv6 loopback: a
 * client on ::1 is served, one on 127.0.0.1 is closed before the server reads a byte (on TLS, before
 * its handshake is answered). The subclasses pick the transport.
 */
@TestPropertySource(properties = { "buffered.server.bind-address=::", "buffered.server.allowed-cidrs=::1/128" })
@ExtendWith(OutputCaptureExtension.class)
abstract class AllowListAndIpv6Cases {

	private final ServerTransport transport;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionErrors errors;

	@Autowired
	private TrafficMeters traffic;

	AllowListAndIpv6Cases(ServerTransport transport) {
		this.transport = transport;
	}

	@BeforeAll
	static void ipv6LoopbackExists() throws IOException {
		assumeThat(InetAddress.getByName("::1")).as("this machine has IPv6 loopback")
			.isInstanceOf(Inet6Address.class);
		try (Socket probe = new Socket()) {
			probe.bind(new InetSocketAddress("::1", 0));
		}
	}

	@Test
	void aClientOnIpv6LoopbackIsServed() throws IOException {
		try (BufferedClient client = this.transport.client("::1", this.server.getPort(), 1024)) {
			client.sendMessage("0123456789over IPv6 ✓");
			assertThat(client.receiveMessage()).isEqualTo(new ReceivedMessage("over IPv6 ✓", true));
		}
	}

	@Test
	void aClientOutsideTheAllowListIsClosedBeforeAnyByteIsRead(CapturedOutput output) throws IOException {
		long before = this.errors.counts().getOrDefault("not-allowed", 0L);
		long framesBefore = this.traffic.totals().messagesIn();
		assertThat(this.transport.turnsAway("127.0.0.1", this.server.getPort(), "0123456789let me in"))
			.as("the outsider is closed, not answered")
			.isTrue();
		await().until(() -> this.errors.counts().getOrDefault("not-allowed", 0L) == before + 1);
		assertThat(this.traffic.totals().messagesIn()).as("no frame from the outsider was read").isEqualTo(framesBefore);
		assertThat(output.getOut()).contains("Refused connection from 127.0.0.1", "allowed-cidrs");
	}

}
