package dev.hoist.controller.artifacts;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code bundles.s3:} an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage). Credentials come from
 * {@code accessKeyId}/{@code secretAccessKey} when both are set, else from the SDK's default chain
 * (environment, profile, instance role).
 */
public class S3StoreFactory {
    /** Null or empty: AWS S3 in {@code region}. */
    @JsonProperty
    private String endpoint;

    @JsonProperty
    @NotBlank
    private String region = "us-east-1";

    @JsonProperty
    @NotBlank
    private String bucket = "hoist";

    @JsonProperty
    private String prefix = "blobs/";

    /** {@code true} for most self-hosted stores: {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}. */
    @JsonProperty
    private boolean pathStyle = true;

    @JsonProperty
    private String accessKeyId;

    @JsonProperty
    private String secretAccessKey;

    public S3StoreFactory() {
    }

    public S3StoreFactory(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
            String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.bucket = bucket;
        this.prefix = prefix;
        this.pathStyle = pathStyle;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    /**
     * The store, checked: the bucket exists and answers.
     *
     * @throws BlobStore.BlobStoreUnavailableException naming the endpoint, bucket and error
     */
    public S3BlobStore build(Path spoolDir, Clock signingClock) throws IOException {
        AwsCredentialsProvider credentials = accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                : DefaultCredentialsProvider.builder().build();
        URI endpointUri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // Plain requests that every S3-compatible store understands; the digest is checked by Hoist.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpointUri != null) {
            builder.endpointOverride(endpointUri);
        }
        S3BlobStore store = new S3BlobStore(builder.build(), credentials, endpointUri, region, bucket, prefix,
                pathStyle, spoolDir, signingClock);
        try {
            store.check();
        } catch (IOException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
