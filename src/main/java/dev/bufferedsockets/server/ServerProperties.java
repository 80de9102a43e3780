package dev.bufferedsockets.server;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import dev.bufferedsockets.protocol.FrameCodec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The TCP server's settings, under {@code buffered.server}. Checked when the application starts:
 * a bad value stops it with a message that names the property.
 *
 * @param port TCP port to listen on. 0 picks a free port, kept across keepRunning restarts.
 * @param bindAddress Local address to listen on. 0.0.0.0 (or ::) accepts connections from anywhere.
 * @param bufferSize Most bytes read from a socket in one call, 1 to 65536.
 * @param maxMessageBytes Largest payload accepted, in bytes. A bigger header closes the connection.
 * @param truncateChars Characters (Unicode code points) removed from the start of each payload.
 */
@Validated
@ConfigurationProperties("buffered.server")
public record ServerProperties(
		@DefaultValue("4567") @Min(0) @Max(65535) int port,
		@DefaultValue("0.0.0.0") @NotBlank String bindAddress,
		@DefaultValue("1024") @Min(1) @Max(65536) int bufferSize,
		@DefaultValue("16777216") @Min(0) @Max(FrameCodec.MAX_PAYLOAD_BYTES) int maxMessageBytes,
		@DefaultValue("10") @Min(0) int truncateChars) {

	public FrameCodec frameCodec() {
		return new FrameCodec(this.bufferSize, this.maxMessageBytes);
	}

}
