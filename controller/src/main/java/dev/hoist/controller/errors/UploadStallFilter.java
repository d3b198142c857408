package dev.hoist.controller.errors;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * While a request body is read, a client that stops sending (a body shorter than its Content-Length,
 * with the connection held open) is given up on after {@code stall} without a byte, rather than after
 * the connector's idle timeout; the read then fails and the resource answers {@code 400} with its code
 * ({@code BUNDLE_INCOMPLETE} for a push). Once the body has been read to its end the connection's usual
 * idle timeout is back, so a long answer (validating a large bundle) is not cut short.
 */
public final class UploadStallFilter implements Filter {
    private final long stallMillis;

    public UploadStallFilter(Duration stall) {
        this.stallMillis = stall.toMillis();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        EndPoint endPoint = endPointOf(request);
        boolean hasBody = request.getContentLengthLong() > 0
                || (request instanceof HttpServletRequest http && http.getHeader("Transfer-Encoding") != null);
        if (endPoint == null || !hasBody) {
            chain.doFilter(request, response);
            return;
        }
        long usual = endPoint.getIdleTimeout();
        if (usual > 0 && usual <= stallMillis) {
            chain.doFilter(request, response);
            return;
        }
        Restore restore = new Restore(endPoint, usual);
        endPoint.setIdleTimeout(stallMillis);
        try {
            chain.doFilter(new Watched((HttpServletRequest) request, restore), response);
        } finally {
            restore.run();
        }
    }

    private static EndPoint endPointOf(ServletRequest request) {
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            return jetty == null ? null : jetty.getConnectionMetaData().getConnection().getEndPoint();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Puts the usual idle timeout back, once. */
    private static final class Restore implements Runnable {
        private final EndPoint endPoint;
        private final long usual;
        private boolean done;

        Restore(EndPoint endPoint, long usual) {
            this.endPoint = endPoint;
            this.usual = usual;
        }

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                endPoint.setIdleTimeout(usual);
            }
        }
    }

    /** The request whose body stream restores the idle timeout when it reaches its end. */
    private static final class Watched extends HttpServletRequestWrapper {
        private final Restore restore;
        private ServletInputStream stream;

        Watched(HttpServletRequest request, Restore restore) {
            super(request);
            this.restore = restore;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new EndAware(super.getInputStream(), restore);
            }
            return stream;
        }
    }

    private static final class EndAware extends ServletInputStream {
        private final ServletInputStream in;
        private final Restore restore;

        EndAware(ServletInputStream in, Restore restore) {
            this.in = in;
            this.restore = restore;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                restore.run();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                restore.run();
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
