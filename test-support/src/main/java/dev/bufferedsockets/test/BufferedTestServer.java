package dev.bufferedsockets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring test class: run a real buffered-sockets server for the test's application context and
 * point the starter's {@code BufferedGateway} at it, the way {@code @EmbeddedKafka} serves Spring
 * Kafka users.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;BufferedTestServer
 * class ShortenerTest {
 *     &#64;Autowired Shortener shortener;   // calls BufferedGateway
 *     &#64;Test void shortens() { assertThat(shortener.shorten("Four score and seven years ago")).isEqualTo(" and seven years ago"); }
 * }
 * </pre>
 *
 * The server is the packaged jar in a JVM of its own ({@link ServerProcess#locateJar()} says
 * where it is looked for), on a free loopback port; {@code buffered.client.host} and
 * {@code buffered.client.port} name it, and the {@link ServerProcess} is a bean. It starts with the
 * context and stops when the context closes, so contexts that Spring caches share one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface BufferedTestServer {

	/** Server settings, such as {@code buffered.server.truncate-chars=3}, passed as {@code --name=value}. */
	String[] properties() default {};

}
