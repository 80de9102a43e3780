package dev.bufferedsockets.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.bufferedsockets.protocol.HeaderFormat;
import dev.bufferedsockets.protocol.Utf8;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The whole protocol in one handler, as Netty's best users write it: frames are cut from the
 * cumulated bytes in place, UTF-8 is validated on the bytes ({@link ByteBufUtil#isText}, no
 * decoding), and the reply is the request's own bytes after the first 10 code points: a retained
 * slice of the inbound buffer behind a new 4-byte header from the pooled allocator. Nothing is
 * copied per frame but the header, and replies are flushed once per read batch.
 *
 * <p>A header above {@link NettyTruncateServer#MAX_FRAME_BYTES} or a payload that is not UTF-8
 * closes the connection, as ours does: after the replies to the good frames before it are written.
 */
final class NettyTunedTruncateHandler extends ByteToMessageDecoder {

	private static final int TRUNCATE_CHARS = 10;

	private static final int HEADER_BYTES = HeaderFormat.FOUR_BYTES.bytes();

	/** 10 code points take at most this many bytes. */
	private static final int MAX_SKIPPED_BYTES = 4 * TRUNCATE_CHARS;

	private boolean closing;

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (!this.closing && in.readableBytes() >= HEADER_BYTES) {
			int start = in.readerIndex();
			long length = in.getUnsignedInt(start);
			if (length > NettyTruncateServer.MAX_FRAME_BYTES) {
				closeAfterReplies(ctx);
				break;
			}
			if (in.readableBytes() - HEADER_BYTES < length) {
				return;
			}
			int payload = start + HEADER_BYTES;
			int payloadLength = (int) length;
			if (!ByteBufUtil.isText(in, payload, payloadLength, StandardCharsets.UTF_8)) {
				closeAfterReplies(ctx);
				break;
			}
			int from = payload + skippedBytes(in, payload, payloadLength);
			int replyLength = payload + payloadLength - from;
			ctx.write(ctx.alloc().ioBuffer(HEADER_BYTES).writeInt(replyLength), ctx.voidPromise());
			ctx.write(in.retainedSlice(from, replyLength), ctx.voidPromise());
			in.readerIndex(payload + payloadLength);
		}
		if (this.closing) {
			in.skipBytes(in.readableBytes());
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
		ctx.flush();
		super.channelReadComplete(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	/**
	 * The bytes the first 10 code points of a valid payload take: the protocol's own
	 * {@link Utf8#offsetAfterCodePoints} on a copy of at most 40 bytes.
	 */
	private static int skippedBytes(ByteBuf in, int payload, int payloadLength) {
		byte[] prefix = new byte[Math.min(payloadLength, MAX_SKIPPED_BYTES)];
		in.getBytes(payload, prefix);
		return Utf8.offsetAfterCodePoints(prefix, TRUNCATE_CHARS);
	}

	/** Write what is answered so far, then close; bytes that arrive meanwhile are dropped. */
	private void closeAfterReplies(ChannelHandlerContext ctx) {
		this.closing = true;
		ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
	}

}
