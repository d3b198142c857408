package dev.hoist.controller.api;

import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** The media types of a revision bundle upload: the raw tar.gz as the request body. */
public final class BundleUpload {
    public static final String GZIP = "application/gzip";
    public static final String X_GZIP = "application/x-gzip";
    public static final String OCTET_STREAM = MediaType.APPLICATION_OCTET_STREAM;
    public static final Set<String> MEDIA_TYPES = Set.of(GZIP, X_GZIP, OCTET_STREAM);

    private BundleUpload() {
    }

    public static boolean isBundle(MediaType type) {
        return type != null && MEDIA_TYPES.contains(type.getType() + "/" + type.getSubtype());
    }
}
