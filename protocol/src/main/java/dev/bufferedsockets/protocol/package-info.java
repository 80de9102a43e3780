/**
 * The frame codec shared by server and client: plain Java, no Spring.
 *
 * <p>{@link dev.bufferedsockets.protocol.FrameCodec} documents the wire format and reads and writes
 * frames on blocking streams; {@link dev.bufferedsockets.protocol.FrameDecoder} decodes the same
 * frames incrementally from non-blocking reads; {@link dev.bufferedsockets.protocol.FrameBatch} is
 * the payloads of consecutive frames handled as one unit; and
 * {@link dev.bufferedsockets.protocol.LengthHeaderSerializer} adapts the codec to Spring
 * Integration's serializer seam.
 */
package dev.bufferedsockets.protocol;
