package dev.bufferedsockets.server;

import java.io.IOException;
import java.util.stream.Stream;

import dev.bufferedsockets.BufferedSocketsApplication;
import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.server.lifecycle.BufferedServer;
import dev.bufferedsockets.support.ServerTransport;
import dev.bufferedsockets.test.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * shutdown() is final, and stopping the application context is not keepRunning, so these run
 * their own application rather than the shared one. The subclasses pick the transport.
 */
abstract class BufferedServerShutdownCases {

	private final ServerTransport transport;

	private ConfigurableApplicationContext application;

	private BufferedServer server;

	BufferedServerShutdownCases(ServerTransport transport) {
		this.transport = transport;
	}

	@BeforeEach
	void startApplication() {
		String[] arguments = Stream.concat(Stream.of("--buffered.server.port=" + FreePorts.freePort(),
				"--buffered.server.bind-address=127.0.0.1", "--server.port=0", "--spring.main.banner-mode=off"),
				Stream.of(this.transport.arguments())).toArray(String[]::new);
		this.application = SpringApplication.run(BufferedSocketsApplication.class, arguments);
		this.server = this.application.getBean(BufferedServer.class);
	}

	@AfterEach
	void closeApplication() {
		this.application.close();
	}

	@Test
	void stoppingAndStartingTheApplicationBringsTheListenerBack() throws IOException {
		this.application.stop();
		assertThat(this.server.isListening()).isFalse();
		this.application.start();
		assertThat(this.server.isKeepRunning()).isTrue();
		try (BufferedClient client = this.transport.client(this.server.getPort())) {
			client.sendMessage("0123456789back again");
			assertThat(client.receiveMessage().payload()).isEqualTo("back again");
		}
	}

	@Test
	void pausingAndRestartingTheApplicationBringsTheListenerBack() throws IOException {
		this.application.pause(); // what the test framework does to an idle cached context
		assertThat(this.server.isListening()).isFalse();
		this.application.restart();
		try (BufferedClient client = this.transport.client(this.server.getPort())) {
			client.sendMessage("0123456789resumed");
			assertThat(client.receiveMessage().payload()).isEqualTo("resumed");
		}
	}

	@Test
	void anOperatorsKeepRunningFalseSurvivesAnApplicationRestart() {
		this.server.setKeepRunning(false);
		this.application.stop();
		this.application.start();
		assertThat(this.server.isKeepRunning()).isFalse();
		assertThat(this.server.isListening()).isFalse();
	}

	@Test
	void shutdownClosesClientsAndTheListenerForGood() throws IOException, InterruptedException {
		try (BufferedClient client = this.transport.client(this.server.getPort())) {
			this.server.shutdown();
			client.sendMessage("0123456789anyone?");
			assertThat(client.receiveMessage().ok()).isFalse();
		}
		assertThat(this.server.isListening()).isFalse();
		assertThat(this.server.isKeepRunning()).isFalse();
		this.server.start(); // returns at once: nothing left to run
		assertThatThrownBy(() -> this.server.setKeepRunning(true)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("shut down");
	}

}
