package dev.hoist.controller.testing;

import dev.hoist.protocol.frame.EnvelopeDecoder;
import dev.hoist.protocol.frame.EnvelopeEncoder;
import dev.hoist.protocol.frame.FrameDecoder;
import dev.hoist.protocol.frame.FrameLimits;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.Heartbeat;
import dev.hoist.protocol.v1.Hello;
import dev.hoist.protocol.v1.HostFacts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare protocol client for gateway tests: speaks TLS 1.3 with or without a client certificate, sends
 * any envelope or raw bytes, and collects what comes back. It trusts any server: these tests are about
 * what the gateway accepts, not about the agent's checks.
 */
public final class RawAgentClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<Envelope> received = new LinkedBlockingQueue<>();
    private final Channel channel;

    private RawAgentClient(int port, String serverName, PkiFixtures.AgentKeys keys) throws Exception {
        SslContextBuilder tls = SslContextBuilder.forClient()
                .protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null);
        if (keys != null) {
            tls.keyManager(keys.keyPair().getPrivate(), keys.certificate());
        }
        SslContext context = tls.build();
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(context.newHandler(ch.alloc(), serverName == null ? "127.0.0.1" : serverName, port))
                                .addLast(new FrameDecoder(FrameLimits.DEFAULT_MAX_FRAME_BYTES, (c, e) -> { }))
                                .addLast(new EnvelopeDecoder((c, e) -> { }))
                                .addLast(new EnvelopeEncoder(FrameLimits.DEFAULT_MAX_FRAME_BYTES))
                                .addLast(new SimpleChannelInboundHandler<Envelope>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Envelope msg) {
                                        received.add(msg);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    /** Connects with {@code keys} as client certificate ({@code null}: none), without SNI. */
    public static RawAgentClient connect(int port, PkiFixtures.AgentKeys keys) throws Exception {
        return new RawAgentClient(port, null, keys);
    }

    /** Connects without a client certificate, asking for {@code serverName} by SNI. */
    public static RawAgentClient connectWithSni(int port, String serverName) throws Exception {
        return new RawAgentClient(port, serverName, null);
    }

    public void send(Envelope envelope) {
        channel.writeAndFlush(envelope);
    }

    /** Writes raw bytes under TLS, bypassing the encoder (for bad frames). */
    public void sendRaw(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    public void sendHello(String agentId) {
        send(Envelope.newBuilder().setSeq(1).setHello(Hello.newBuilder().addProtocolVersions(1).setAgentVersion("test")
                .setAgentId(agentId).setFacts(HostFacts.newBuilder().setHostname("raw-" + agentId).setCpuCount(2)))
                .build());
    }

    public void sendHeartbeat(long seq, String agentId) {
        send(Envelope.newBuilder().setSeq(seq).setHeartbeat(Heartbeat.newBuilder()
                .setSentAtUnixMillis(System.currentTimeMillis()).setAgentId(agentId)
                .setFacts(HostFacts.newBuilder().setHostname("raw-" + agentId).setCpuCount(4))).build());
    }

    /** Whether the gateway closed this connection within {@code wait}. */
    public boolean closedWithin(Duration wait) throws InterruptedException {
        return channel.closeFuture().await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next envelope from the gateway, or {@code null} after {@code wait}. */
    public Envelope next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops (or resumes) reading from the socket, as a slow agent would. */
    public void readPaused(boolean paused) {
        channel.config().setAutoRead(!paused);
        if (!paused) {
            channel.read();
        }
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
