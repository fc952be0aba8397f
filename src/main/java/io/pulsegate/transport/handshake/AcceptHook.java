package io.pulsegate.transport.handshake;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Sits in the pipeline of the listening (server) channel, before Netty's acceptor: each accepted channel gets a
 * {@link HeaderDeadline} as its first handler, before Vert.x builds the rest of its pipeline (ADR 0005).
 */
@ChannelHandler.Sharable
final class AcceptHook extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> INSTALLED = AttributeKey.valueOf("pulsegate.accept-hook");

    private final HandshakeLimits limits;

    AcceptHook(HandshakeLimits limits) {
        this.limits = limits;
    }

    /**
     * Installs a hook on {@code serverChannel} unless one is there already; safe from any thread.
     *
     * @return whether this call installed it
     */
    static boolean installOn(Channel serverChannel, HandshakeLimits limits) {
        // Called for every request: a plain read first, so requests on all event loops do not contend on a CAS.
        if (serverChannel.attr(INSTALLED).get() != null
                || serverChannel.attr(INSTALLED).setIfAbsent(Boolean.TRUE) != null) {
            return false;
        }
        serverChannel.pipeline().addFirst("pulsegate-accept-hook", new AcceptHook(limits));
        return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel accepted) {
            accepted.pipeline().addLast(HeaderDeadline.NAME, new HeaderDeadline(limits));
        }
        ctx.fireChannelRead(msg);
    }
}
