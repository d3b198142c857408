package dev.hoist.api;

import java.util.Set;

/** The media types of a revision bundle upload: the raw tar.gz as the request body. */
public final class BundleUpload {
    public static final String GZIP = "application/gzip";
    public static final String X_GZIP = "application/x-gzip";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final Set<String> MEDIA_TYPES = Set.of(GZIP, X_GZIP, OCTET_STREAM);

    private BundleUpload() {
    }

    /** Whether {@code type/subtype} (a Content-Type without its parameters) is a bundle upload. */
    public static boolean isBundle(String type, String subtype) {
        return type != null && subtype != null && MEDIA_TYPES.contains(type + "/" + subtype);
    }
}
