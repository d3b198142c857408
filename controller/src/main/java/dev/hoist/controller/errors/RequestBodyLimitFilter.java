package dev.hoist.controller.errors;

import dev.hoist.api.BundleUpload;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Refuses request bodies over the configured size with 413 {@code PAYLOAD_TOO_LARGE}: at once when the
 * declared length is too big, and while reading when a body without a length runs over. Bundle uploads
 * ({@link BundleUpload#MEDIA_TYPES}) are left to the upload, which streams them to disk under their own,
 * much larger limit ({@code bundles.maxUploadBytes}); no other call reads a body of those types.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodyLimitFilter implements ContainerRequestFilter {
    private final long maxBytes;

    public RequestBodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type != null && BundleUpload.isBundle(type.getType(), type.getSubtype())) {
            return;
        }
        if (request.getLength() > maxBytes) {
            request.abortWith(ErrorResponses.of(413, "PAYLOAD_TOO_LARGE", tooLarge(),
                    Map.of("maxBytes", maxBytes, "bytes", request.getLength())));
            return;
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream()));
    }

    private String tooLarge() {
        return "the request body is larger than the API accepts (" + maxBytes + " bytes)";
    }

    /** Counts what is read and stops the read that goes past the limit. */
    private final class LimitedInputStream extends FilterInputStream {
        private long read;

        LimitedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new WebApplicationException(tooLarge(), 413);
            }
        }
    }
}
