package dev.bufferedsockets.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@link ServerTest} class that implements this runs its application with TLS on both sides
 * ({@link ServerTransport#TLS}). Every such class finds the one method below, so those with the
 * same other settings share one cached application context.
 */
public interface OnTls {

	@DynamicPropertySource
	static void tlsOnBothSides(DynamicPropertyRegistry properties) {
		ServerTransport.TLS.configure(properties);
	}

}
