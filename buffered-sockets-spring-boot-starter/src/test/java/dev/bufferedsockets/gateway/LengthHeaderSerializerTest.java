package dev.bufferedsockets.gateway;

import dev.bufferedsockets.protocol.FrameCodec;
import dev.bufferedsockets.protocol.FrameException;
import dev.bufferedsockets.protocol.FrameTooLargeException;
import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.InvalidUtf8Exception;
import dev.bufferedsockets.protocol.TruncatedFrameException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.bufferedsockets.protocol.FrameEncoder;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.integration.ip.tcp.serializer.TcpDeserializationExceptionEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

class LengthHeaderSerializerTest {

	private final List<Object> events = new ArrayList<>();

	private final FrameCodec codec = new FrameCodec(1024, 1000);

	private LengthHeaderSerializer serializer;

	@BeforeEach
	void createSerializer() {
		this.serializer = new LengthHeaderSerializer(this.codec);
		this.serializer.setApplicationEventPublisher(this.events::add);
	}

	@Test
	void cleanEndOfStreamBeforeAnyFrameIsASoftEndOfStream() {
		assertThatExceptionOfType(SoftEndOfStreamException.class)
			.isThrownBy(() -> this.serializer.deserialize(new ByteArrayInputStream(new byte[0])));
		assertThat(this.events).as("events published for a normal close").isEmpty();
	}

	@Test
	void aCodecWithTwoByteHeadersReadsAndWritesThem() throws IOException {
		LengthHeaderSerializer twoBytes = new LengthHeaderSerializer(
				new FrameCodec(1024, 65_535, null, HeaderFormat.TWO_BYTES));
		byte[] seed = "Four score and seven years ago".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		twoBytes.serialize(seed, out);

		assertThat(out.toByteArray()).isEqualTo(FrameEncoder.of(HeaderFormat.TWO_BYTES).encode(seed)).startsWith(0, 30);
		assertThat(twoBytes.deserialize(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(seed);
	}

	@Test
	void cleanEndOfStreamBetweenFramesIsASoftEndOfStream() throws IOException {
		byte[] first = "Four score and seven years ago".getBytes(StandardCharsets.UTF_8);
		byte[] second = "😀 second".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		frames.write(FrameEncoder.DEFAULT.encode(first));
		frames.write(FrameEncoder.DEFAULT.encode(second));
		ByteArrayInputStream in = new ByteArrayInputStream(frames.toByteArray());

		assertThat(this.serializer.deserialize(in)).isEqualTo(first);
		assertThat(this.serializer.deserialize(in)).isEqualTo(second);
		assertThatExceptionOfType(SoftEndOfStreamException.class).isThrownBy(() -> this.serializer.deserialize(in));
		assertThat(this.events).isEmpty();
	}

	@Test
	void emptyFrameIsAPayloadNotAnEndOfStream() throws IOException {
		assertThat(this.serializer.deserialize(new ByteArrayInputStream(new byte[4]))).isNotNull().isEmpty();
	}

	@Test
	void truncatedFrameIsRethrownUnchangedAndPublished() {
		byte[] partial = { 0, 0, 0, 10, 'a', 'b' };
		assertRethrownAndPublished(partial, TruncatedFrameException.class);
	}

	@Test
	void truncatedHeaderIsRethrownUnchangedAndPublished() {
		assertRethrownAndPublished(new byte[] { 0, 0 }, TruncatedFrameException.class);
	}

	@Test
	void frameTooLargeIsRethrownUnchangedAndPublished() {
		FrameTooLargeException ex = assertRethrownAndPublished(new byte[] { 0, 0, 3, (byte) 0xE9, 'a' },
				FrameTooLargeException.class);
		assertThat(ex.announcedBytes()).isEqualTo(1001);
		assertThat(ex.maxBytes()).isEqualTo(1000);
	}

	@Test
	void invalidUtf8IsRethrownUnchangedAndPublished() {
		byte[] frame = FrameEncoder.DEFAULT.encode(new byte[] { 'o', 'k', (byte) 0xC0, (byte) 0x80 });
		InvalidUtf8Exception ex = assertRethrownAndPublished(frame, InvalidUtf8Exception.class);
		assertThat(ex.offset()).isEqualTo(2);
	}

	@Test
	void frameExceptionIsStillThrownWithoutAPublisher() {
		LengthHeaderSerializer unpublished = new LengthHeaderSerializer(this.codec);
		assertThatExceptionOfType(TruncatedFrameException.class)
			.isThrownBy(() -> unpublished.deserialize(new ByteArrayInputStream(new byte[] { 0, 0, 0, 1 })));
	}

	@Test
	void serializeWritesExactlyTheEncodedFrame() throws IOException {
		for (byte[] payload : new byte[][] { new byte[0], "x".getBytes(StandardCharsets.UTF_8),
				"Four score and seven years ago".getBytes(StandardCharsets.UTF_8),
				"日本語 😀".repeat(10_000).getBytes(StandardCharsets.UTF_8) }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.serializer.serialize(payload, out);
			assertThat(out.toByteArray()).as("bytes written for a %d-byte payload", payload.length)
				.isEqualTo(FrameEncoder.DEFAULT.encode(payload));
		}
	}

	@Test
	void serializedFramesDeserializeToTheSamePayload() throws IOException {
		byte[] payload = "héllo 😀".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.serializer.serialize(payload, out);
		assertThat(this.serializer.deserialize(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(payload);
	}

	@Test
	void tellsSpringIntegrationTheCodecsLimit() {
		assertThat(this.serializer.getMaxMessageSize()).isEqualTo(1000);
	}

	private <T extends FrameException> T assertRethrownAndPublished(byte[] bytes, Class<T> type) {
		ByteArrayInputStream in = new ByteArrayInputStream(bytes);
		Throwable direct = catchThrowable(() -> this.codec.readFrame(new ByteArrayInputStream(bytes)));
		assertThat(direct).as("what the codec itself throws for these bytes").isInstanceOf(type);

		Throwable thrown = catchThrowable(() -> this.serializer.deserialize(in));
		assertThat(thrown).as("what the serializer throws").isInstanceOf(type);
		assertThat(thrown.getMessage()).as("message of the rethrown exception").isEqualTo(direct.getMessage());
		assertThat(thrown.getCause()).as("the frame exception is not wrapped").isNull();

		assertThat(this.events).as("events published").hasSize(1);
		assertThat(this.events.get(0)).isInstanceOf(TcpDeserializationExceptionEvent.class);
		TcpDeserializationExceptionEvent event = (TcpDeserializationExceptionEvent) this.events.get(0);
		assertThat(event.getCause()).as("cause carried by the published event").isSameAs(thrown);
		assertThat(event.getSource()).isSameAs(this.serializer);
		return type.cast(thrown);
	}

}
