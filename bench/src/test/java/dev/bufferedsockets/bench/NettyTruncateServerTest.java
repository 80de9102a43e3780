package dev.bufferedsockets.bench;

import java.time.Duration;

import dev.bufferedsockets.testing.RawConnection;
import dev.bufferedsockets.testing.Texts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Netty baseline speaks our protocol exactly, or comparing against it would mean nothing. */
class NettyTruncateServerTest {

	private NettyTruncateServer netty;

	@BeforeEach
	void start() throws InterruptedException {
		this.netty = NettyTruncateServer.start("127.0.0.1", 0);
	}

	@AfterEach
	void stop() {
		this.netty.close();
	}

	@Test
	void repliesWithTheTextFromTheTenthCodePointInOrder() throws Exception {
		String mixed = Texts.mixed(300, 7);
		try (RawConnection raw = new RawConnection(this.netty.port())) {
			raw.writeFrame("Four score and seven years ago").writeFrame("").writeFrame(mixed);

			assertThat(raw.readFrame()).isEqualTo(" and seven years ago");
			assertThat(raw.readFrame()).isEmpty();
			assertThat(raw.readFrame()).isEqualTo(Texts.dropCodePoints(mixed, 10));
		}
	}

	@Test
	void invalidUtf8ClosesTheConnectionWithoutAReply() throws Exception {
		try (RawConnection raw = new RawConnection(this.netty.port())) {
			raw.writeHeader(3).write(new byte[] { 'a', (byte) 0xC0, (byte) 0x80 });

			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void headerAboveTheLimitClosesTheConnection() throws Exception {
		try (RawConnection raw = new RawConnection(this.netty.port())) {
			raw.writeHeader(0xFFFFFFFFL);

			assertThat(raw.closedByServer()).isTrue();
		}
	}

	@Test
	void theLoadGeneratorFindsNoWrongReplyInAShortPipelinedRun() throws Exception {
		BenchSettings settings = new BenchSettings("127.0.0.1", this.netty.port(), 4, 256, 16, Duration.ofMillis(500),
				Duration.ofMillis(200), PayloadText.MIXED, 1, 0, 10);

		BenchResult result = new LoadGenerator().run(settings, ProgressListener.NONE);

		assertThat(result.errors()).as("errors: %s", result.errorSamples()).isZero();
		assertThat(result.messages()).isPositive().isEqualTo(result.latencyMicros().count());
	}

}
