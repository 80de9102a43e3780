/**
 * The frame codec shared by server and client: plain Java, no Spring.
 *
 * <p>{@link dev.bufferedsockets.protocol.FrameCodec} documents the wire format;
 * {@link dev.bufferedsockets.protocol.LengthHeaderSerializer} adapts it to Spring Integration's
 * serializer seam.
 */
package dev.bufferedsockets.protocol;
