package dev.bufferedsockets.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import dev.bufferedsockets.client.BufferedClient;
import dev.bufferedsockets.client.ReceivedMessage;
import dev.bufferedsockets.support.RawConnection;
import dev.bufferedsockets.support.ServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headers that announce huge payloads, from many connections at once, cost the server almost
 * nothing: above the limit they are refused before any buffer exists, and under it the buffer
 * grows only as bytes really arrive.
 */
@ServerTest
class OversizedHeadersTest {

	private static final int CONNECTIONS_OF_EACH_KIND = 60;

	private static final long MIB = 1024 * 1024;

	@Autowired
	private BufferedServer server;

	@Autowired
	private ConnectionTracker connections;

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	@Test
	void manyConnectionsAnnouncingGigabytesMakeTheServerAllocateAlmostNothing() throws Exception {
		int openBefore = this.connections.openCount();
		Map<Long, Long> allocatedBefore = serverThreadAllocations();
		List<RawConnection> hostile = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS_OF_EACH_KIND; i++) {
				hostile.add(new RawConnection(this.server.getPort()).writeHeader(0xFFFFFFFFL)); // 4 GiB: refused
				hostile.add(new RawConnection(this.server.getPort()).writeHeader(16 * MIB).write(new byte[] { 'x' }));
			}
			try (BufferedClient bystander = new BufferedClient("127.0.0.1", this.server.getPort(), 1024)) {
				bystander.sendMessage("0123456789unaffected");
				assertThat(bystander.receiveMessage()).isEqualTo(new ReceivedMessage("unaffected", true));
			}
		}
		finally {
			for (RawConnection connection : hostile) {
				connection.close();
			}
		}
		// Once every hostile connection is gone, the server threads' allocation counts are final.
		await().until(() -> this.connections.openCount() == openBefore);
		long allocated = serverThreadAllocations().entrySet().stream()
			.mapToLong(thread -> thread.getValue() - allocatedBefore.getOrDefault(thread.getKey(), 0L))
			.sum();
		long announced = CONNECTIONS_OF_EACH_KIND * (0xFFFFFFFFL + 16 * MIB);
		assertThat(allocated).as("bytes the server allocated for headers announcing %d bytes", announced)
			.isLessThan(CONNECTIONS_OF_EACH_KIND * 2 * MIB);
	}

	/** Bytes allocated so far by each of the server's connection threads, by thread id. */
	private Map<Long, Long> serverThreadAllocations() {
		long[] ids = Thread.getAllStackTraces().keySet().stream()
			.filter(thread -> thread.getName().startsWith("tcp-server-"))
			.mapToLong(Thread::getId)
			.toArray();
		long[] allocated = this.threads.getThreadAllocatedBytes(ids);
		Map<Long, Long> byThread = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (allocated[i] >= 0) {
				byThread.put(ids[i], allocated[i]);
			}
		}
		return byThread;
	}

}
