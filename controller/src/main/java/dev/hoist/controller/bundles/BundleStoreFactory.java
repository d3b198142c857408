package dev.hoist.controller.bundles;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.artifacts.DirectoryBlobStore;
import dev.hoist.controller.artifacts.S3StoreFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code bundles:} in the controller's configuration: which artifact store keeps revision bundles
 * ({@code directory}, {@code <dataDir>/bundles}, or {@code s3}), how long a presigned URL handed to an
 * agent lasts, and how large an upload may be. The unpacked limits match the agent's extraction limits,
 * so that the controller refuses at push time what every agent would refuse later.
 */
public class BundleStoreFactory {
    /** Which backend keeps the blobs. */
    public enum Kind {
        directory, s3
    }

    @JsonProperty
    @NotNull
    private Kind store = Kind.directory;

    @JsonProperty
    @Valid
    private S3StoreFactory s3 = new S3StoreFactory();

    /** How long a presigned URL in a deploy command stays valid (s3 only). */
    @JsonProperty
    @NotNull
    private Duration presignedUrlLifetime = Duration.minutes(15);

    @JsonProperty
    @Min(1024)
    private long maxUploadBytes = 1L << 30;

    /**
     * How long a request body may go without a byte before the upload is given up on (a body shorter
     * than its Content-Length, the connection held open): then 400 BUNDLE_INCOMPLETE.
     */
    @JsonProperty
    @NotNull
    private Duration uploadStallTimeout = Duration.seconds(10);

    @JsonProperty
    @Min(1024)
    private long maxUnpackedBytes = 4L << 30;

    @JsonProperty
    @Min(1)
    @Max(10_000_000)
    private int maxEntries = 200_000;

    @JsonProperty
    @Valid
    @NotNull
    private RetentionFactory retention = new RetentionFactory();

    public long getMaxUploadBytes() {
        return maxUploadBytes;
    }

    public java.time.Duration getUploadStallTimeout() {
        return uploadStallTimeout.toJavaDuration();
    }

    public java.time.Duration getPresignedUrlLifetime() {
        return presignedUrlLifetime.toJavaDuration();
    }

    public RetentionFactory getRetention() {
        return retention;
    }

    public Kind getStore() {
        return store;
    }

    public void useS3(S3StoreFactory settings) {
        this.store = Kind.s3;
        this.s3 = settings;
    }

    public BundleInspector.Limits inspectionLimits() {
        return new BundleInspector.Limits(maxUnpackedBytes, maxEntries);
    }

    /**
     * The artifact store: {@code <dataDir>/bundles} (created if missing), or the configured bucket,
     * checked before the controller starts.
     *
     * @throws BlobStore.BlobStoreUnavailableException when the bucket cannot be used, naming endpoint,
     *     bucket and error
     */
    public BlobStore build(Path dataDir, Clock clock) throws IOException {
        return switch (store) {
            case directory -> new DirectoryBlobStore(dataDir.resolve("bundles"));
            case s3 -> s3.build(dataDir.resolve("bundles").resolve("tmp"), clock);
        };
    }
}
