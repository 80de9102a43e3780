package dev.bufferedsockets.ops;

import dev.bufferedsockets.support.ServerTest;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Every test of {@link StatusPageBrowserTest} again with the actuator on a port and address of its
 * own, the recommended production setup: the page is opened there and works there.
 */
@ServerTest
@TestPropertySource(properties = { "management.server.port=0", "management.server.address=127.0.0.1" })
class StatusPageOnManagementPortBrowserTest extends StatusPageBrowserTest {

	@LocalManagementPort
	private int managementPort;

	@Override
	protected String pageUrl() {
		return "http://127.0.0.1:" + this.managementPort + "/";
	}

}
