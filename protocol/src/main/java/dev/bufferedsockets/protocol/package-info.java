/**
 * The frame format of buffered-sockets, in plain Java with no dependency but the JDK: the one
 * place where framing lives.
 *
 * <pre>
 * +----------------+---------------------------+
 * | length: u32 BE | payload: `length` bytes    |
 * +----------------+---------------------------+
 * </pre>
 *
 * <ul>
 * <li>{@link dev.bufferedsockets.protocol.HeaderFormat} says how long the header is: 4 bytes, or the 2 of older course versions;</li>
 * <li>{@link dev.bufferedsockets.protocol.FrameEncoder} writes frames, the only code that writes a header;</li>
 * <li>{@link dev.bufferedsockets.protocol.FrameDecoder} reads them, incrementally from non-blocking
 * reads or driven over a blocking stream, or scans them for a {@link dev.bufferedsockets.protocol.FrameListener}
 * without keeping them;</li>
 * <li>{@link dev.bufferedsockets.protocol.FrameCodec} holds a blocking reader's settings and documents the format;</li>
 * <li>{@link dev.bufferedsockets.protocol.Utf8} is the strict UTF-8 check and code-point truncation;</li>
 * <li>{@link dev.bufferedsockets.protocol.FailureCause} names every way a connection can fail.</li>
 * </ul>
 */
package dev.bufferedsockets.protocol;
