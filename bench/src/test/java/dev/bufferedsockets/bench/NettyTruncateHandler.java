package dev.bufferedsockets.bench;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Answers each frame with its text minus the first 10 code points, as Netty code would usually
 * write it: validate with {@link ByteBufUtil#isText}, decode, {@code substring}, encode. Replies are
 * flushed once per read batch (in {@link #channelReadComplete}), Netty's usual write batching.
 * A payload that is not UTF-8, a frame over the limit or any other failure closes the connection.
 */
final class NettyTruncateHandler extends SimpleChannelInboundHandler<ByteBuf> {

	private static final int TRUNCATE_CHARS = 10;

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
		if (!ByteBufUtil.isText(frame, StandardCharsets.UTF_8)) {
			ctx.close();
			return;
		}
		String text = frame.toString(StandardCharsets.UTF_8);
		int drop = Math.min(TRUNCATE_CHARS, text.codePointCount(0, text.length()));
		ctx.write(ByteBufUtil.writeUtf8(ctx.alloc(), text.substring(text.offsetByCodePoints(0, drop))));
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.flush();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
