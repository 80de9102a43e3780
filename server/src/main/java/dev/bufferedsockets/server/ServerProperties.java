package dev.bufferedsockets.server;

import java.time.Duration;
import java.util.List;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.server.admission.Cidr;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The TCP server's settings, under {@code buffered.server}. Checked when the application starts:
 * a bad value stops it with a message that names the property.
 *
 * @param port TCP port to listen on. 0 picks a free port, kept across keepRunning restarts.
 * @param bindAddress Local address to listen on. 0.0.0.0 accepts IPv4 from anywhere, :: IPv4 and IPv6.
 * @param bufferSize Most bytes read from a socket in one call, 1 to 65536.
 * @param maxMessageBytes Largest payload accepted, in bytes. A bigger header closes the connection.
 * @param headerBytes Bytes in each frame's length header: 4 (the assignment's !I), or 2 (!H, some older
 * course versions), which needs max-message-bytes of at most 65535.
 * @param truncateChars Characters (Unicode code points) removed from the start of each payload.
 * @param frameTimeout How long a connection may stay silent in the middle of a frame before it is closed,
 * and how long a client may take none of its replies.
 * @param idleTimeout How long a connection may stay silent between frames before it is closed. 0 means never.
 * @param maxConnections Most client connections open at once. More are closed as they arrive.
 * @param allowedCidrs Client addresses allowed to connect: IPv4 or IPv6 addresses or CIDR blocks. Empty
 * means everyone.
 * @param drainTimeout How long stopping (keepRunning false, shutdown) waits for the replies to frames
 * already received to reach their clients.
 * @param keepalive How long a connection may stay silent before TCP keepalive probes ask whether the
 * client is still there; a client that has vanished without a FIN or RST (a cut link, a crashed host)
 * is closed after three unanswered probes. 0 turns keepalive off.
 * @param sslBundle Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to serve TLS with. Empty means
 * plain TCP. With the bundle's reload-on-update, new connections get a replaced certificate while open ones
 * keep theirs.
 * @param clientAuth Whether TLS clients must present a certificate that the SSL bundle's trust store trusts:
 * none, want (asked for, not required) or need.
 */
@Validated
@ConsistentSettings
@ConfigurationProperties("buffered.server")
public record ServerProperties(
		@DefaultValue("4567") @Min(0) @Max(65535) int port,
		@DefaultValue("0.0.0.0") @NotBlank String bindAddress,
		@DefaultValue("65536") @Min(1) @Max(65536) int bufferSize,
		@DefaultValue("16777216") @Min(0) @Max(FrameCodec.MAX_PAYLOAD_BYTES) int maxMessageBytes,
		@DefaultValue("4") int headerBytes,
		@DefaultValue("10") @Min(0) int truncateChars,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration frameTimeout,
		@DefaultValue("0s") @NotNull @DurationMin(millis = 0) Duration idleTimeout,
		@DefaultValue("10000") @Min(1) int maxConnections,
		@DefaultValue({}) @NotNull List<@Cidr String> allowedCidrs,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 0) Duration drainTimeout,
		@DefaultValue("2m") @NotNull @DurationMin(millis = 0) @DurationMax(days = 1) Duration keepalive,
		@DefaultValue("") String sslBundle,
		@DefaultValue("none") @NotNull ClientAuth clientAuth) {

	public FrameCodec frameCodec() {
		return new FrameCodec(this.bufferSize, this.maxMessageBytes, this.frameTimeout, headerFormat());
	}

	public HeaderFormat headerFormat() {
		return HeaderFormat.ofBytes(this.headerBytes);
	}

	/** @return true if connections idle between frames are closed after {@link #idleTimeout()} */
	public boolean hasIdleTimeout() {
		return !this.idleTimeout.isZero();
	}

	/** @return true if dead peers are found by TCP keepalive probes after {@link #keepalive()} of silence */
	public boolean hasKeepalive() {
		return !this.keepalive.isZero();
	}

	/** @return true if the server speaks TLS */
	public boolean hasSslBundle() {
		return this.sslBundle != null && !this.sslBundle.isBlank();
	}

}
