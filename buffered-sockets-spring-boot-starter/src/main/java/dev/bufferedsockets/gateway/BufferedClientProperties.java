package dev.bufferedsockets.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the injectable {@link BufferedGateway} sends its messages, under {@code buffered.client}.
 *
 * @param host Host name or address of the server the gateway calls.
 * @param port TCP port of the server the gateway calls.
 * @param bufferSize Most bytes read from the socket in one call, 1 to 65536.
 * @param maxMessageBytes Largest reply accepted, in bytes.
 * @param timeout How long a gateway call waits for its reply, 1ms to 24 days.
 * @param poolSize Connections kept open to the server; calls from any number of threads share them.
 * @param maxInFlight Most calls waiting for their reply on one connection.
 * @param maxWaiting Most calls waiting for room while every connection has max-in-flight calls; they
 * are sent as room frees, or fail at their timeout. A call beyond them fails at once.
 * @param sslBundle Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) the gateway connects with
 * TLS. Empty means plain TCP.
 */
@Validated
@ConfigurationProperties("buffered.client")
public record BufferedClientProperties(
		@DefaultValue("localhost") @NotBlank String host,
		@DefaultValue("4567") @Min(1) @Max(65535) int port,
		@DefaultValue("65536") @Min(1) @Max(65536) int bufferSize,
		@DefaultValue("16777216") @Min(0) @Max(FrameCodec.MAX_PAYLOAD_BYTES) int maxMessageBytes,
		@DefaultValue("10s") @NotNull @DurationMin(millis = 1) @DurationMax(days = 24) Duration timeout,
		@DefaultValue("4") @Min(1) @Max(1024) int poolSize,
		@DefaultValue("64") @Min(1) @Max(65536) int maxInFlight,
		@DefaultValue("10000") @Min(0) @Max(1000000) int maxWaiting,
		@DefaultValue("") String sslBundle) {

	public FrameCodec frameCodec() {
		return new FrameCodec(this.bufferSize, this.maxMessageBytes);
	}

	/** @return true if the gateway connects with TLS */
	public boolean hasSslBundle() {
		return this.sslBundle != null && !this.sslBundle.isBlank();
	}

}
