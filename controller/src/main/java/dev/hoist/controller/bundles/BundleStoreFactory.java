package dev.hoist.controller.bundles;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code bundles:} in the controller's configuration: where revision bundles are kept
 * ({@code <dataDir>/bundles}) and how large an upload may be. The unpacked limits match the agent's
 * extraction limits, so that the controller refuses at push time what every agent would refuse later.
 */
public class BundleStoreFactory {
    @JsonProperty
    @Min(1024)
    private long maxUploadBytes = 1L << 30;

    @JsonProperty
    @Min(1024)
    private long maxUnpackedBytes = 4L << 30;

    @JsonProperty
    @Min(1)
    @Max(10_000_000)
    private int maxEntries = 200_000;

    public long getMaxUploadBytes() {
        return maxUploadBytes;
    }

    public BundleInspector.Limits inspectionLimits() {
        return new BundleInspector.Limits(maxUnpackedBytes, maxEntries);
    }

    /** The bundle store under {@code dataDir}, created if missing. */
    public BundleStore build(Path dataDir) throws IOException {
        return new BundleStore(dataDir.resolve("bundles"));
    }
}
