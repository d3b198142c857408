package dev.hoist.controller.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects {@code <prefix><sha256>} in a bucket of any S3-compatible store, through the AWS SDK for
 * Java v2. An upload is spooled to a local temporary file while it is hashed and counted (so its digest,
 * and with it the object's key, is known before anything is sent), then written with one PutObject, which
 * S3 makes visible only complete. Agents fetch through presigned GET URLs, signed locally.
 */
public final class S3BlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

    private final S3Client s3;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final String region;
    private final String bucket;
    private final String prefix;
    private final boolean pathStyle;
    private final Path spoolDir;
    private final Clock signingClock;

    /**
     * @param endpoint the store's base URL; null for AWS S3 in {@code region}
     * @param spoolDir where uploads are staged while they are hashed
     * @param signingClock the clock presigned URLs are signed with (their start of validity)
     */
    public S3BlobStore(S3Client s3, AwsCredentialsProvider credentials, URI endpoint, String region, String bucket,
            String prefix, boolean pathStyle, Path spoolDir, Clock signingClock) throws IOException {
        this.s3 = s3;
        this.credentials = credentials;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://s3." + region + ".amazonaws.com");
        this.region = region;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.pathStyle = pathStyle;
        this.spoolDir = spoolDir;
        this.signingClock = signingClock;
        Files.createDirectories(spoolDir);
    }

    /**
     * Checks that the bucket is there and this controller may use it: at start, so that a misconfigured
     * store stops the controller with the reason instead of failing the first push.
     */
    public void check() throws BlobStoreUnavailableException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
        } catch (SdkException e) {
            throw unavailable("cannot use the bucket", e);
        }
    }

    @Override
    public Stored put(InputStream in, long maxBytes, String expectedSha256) throws IOException {
        Path temp = Files.createTempFile(spoolDir, "upload-", ".part");
        try {
            Stored written = Spool.write(in, temp, maxBytes, expectedSha256);
            if (size(written.sha256()).isPresent()) {
                return new Stored(written.sha256(), written.sizeBytes(), true);
            }
            try {
                s3.putObject(b -> b.bucket(bucket).key(key(written.sha256())).contentLength(written.sizeBytes())
                        .contentType("application/octet-stream"), RequestBody.fromFile(temp));
            } catch (SdkException e) {
                throw unavailable("cannot store blob " + written.sha256(), e);
            }
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        if (!BlobStore.isDigest(sha256)) {
            return Optional.empty();
        }
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key(sha256)));
            return Optional.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("cannot look up blob " + sha256, e);
        } catch (SdkException e) {
            throw unavailable("cannot look up blob " + sha256, e);
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (!BlobStore.isDigest(sha256)) {
            throw new BlobNotFoundException(String.valueOf(sha256), location());
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key(sha256));
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length > 0 ? String.valueOf(offset + length - 1) : ""));
        }
        try {
            return s3.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw new BlobNotFoundException(sha256, location());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new BlobNotFoundException(sha256, location());
            }
            if (e.statusCode() == 416 && size(sha256).map(size -> size == offset).orElse(false)) {
                return InputStream.nullInputStream(); // a range starting at the very end: nothing left
            }
            throw unavailable("cannot read blob " + sha256 + " from byte " + offset, e);
        } catch (SdkException e) {
            throw unavailable("cannot read blob " + sha256 + " from byte " + offset, e);
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (!BlobStore.isDigest(sha256)) {
            return false;
        }
        boolean existed = size(sha256).isPresent();
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(sha256)));
        } catch (SdkException e) {
            throw unavailable("cannot delete blob " + sha256, e);
        }
        return existed;
    }

    @Override
    public void list(Consumer<BlobInfo> each) throws IOException {
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix).build()).contents()) {
                String name = object.key().substring(prefix.length());
                if (BlobStore.isDigest(name)) {
                    each.accept(new BlobInfo(name, object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw unavailable("cannot list the blobs", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Signs a GET of the object locally (SigV4 in the query string, no request to the store): valid from
     * the signing clock's now for {@code ttl}.
     */
    @Override
    public Optional<URI> presignedGet(String sha256, Duration ttl) {
        if (!BlobStore.isDigest(sha256)) {
            return Optional.empty();
        }
        try {
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(objectUri(sha256)).build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.resolveCredentials())
                    .request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, ttl)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                    .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
            return Optional.of(signed.request().getUri());
        } catch (RuntimeException e) {
            LOG.warn("Cannot presign a URL for blob {} in {}: {}; agents fetch it through the controller", sha256,
                    location(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String location() {
        return "s3 " + endpoint + " bucket '" + bucket + "'" + (prefix.isEmpty() ? "" : " prefix '" + prefix + "'");
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String sha256) {
        return prefix + sha256;
    }

    private URI objectUri(String sha256) {
        String base = endpoint.toString().replaceAll("/+$", "");
        if (pathStyle) {
            return URI.create(base + "/" + bucket + "/" + key(sha256));
        }
        return URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getAuthority()
                + endpoint.getPath().replaceAll("/+$", "") + "/" + key(sha256));
    }

    private BlobStoreUnavailableException unavailable(String what, SdkException e) {
        return new BlobStoreUnavailableException("the artifact store (" + location() + ") " + what + ": "
                + describe(e), e);
    }

    private static String describe(SdkException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + " "
                    + s3e.awsErrorDetails().errorMessage();
        }
        if (e instanceof S3Exception s3e) {
            return s3e.statusCode() + " " + s3e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }
}
