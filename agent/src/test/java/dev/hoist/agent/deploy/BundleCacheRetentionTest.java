package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCacheRetentionTest {
    @TempDir
    Path cache;

    @Test
    void eachGroupKeepsItsLastThreeBundlesAndWhatNoGroupKeepsIsRemoved() throws IOException {
        BundleCacheRetention retention = new BundleCacheRetention(cache, 3);
        for (int i = 1; i <= 5; i++) {
            cached(digest(i));
            retention.used("g-web", digest(i));
        }
        cached(digest(9));
        retention.used("g-api", digest(9));

        assertThat(cachedDigests()).containsExactlyInAnyOrder(digest(3), digest(4), digest(5), digest(9));
    }

    @Test
    void aBundleAnotherGroupStillKeepsStaysAndRedeployingMovesItToTheFront() throws IOException {
        BundleCacheRetention retention = new BundleCacheRetention(cache, 3);
        cached(digest(1));
        retention.used("g-api", digest(1));
        for (int i = 1; i <= 4; i++) {
            cached(digest(i));
            retention.used("g-web", digest(i));
        }
        retention.used("g-web", digest(2)); // a rollback to 2: it is the newest again

        assertThat(cachedDigests()).containsExactlyInAnyOrder(digest(1), digest(2), digest(3), digest(4));
        cached(digest(5));
        retention.used("g-web", digest(5));
        assertThat(cachedDigests()).containsExactlyInAnyOrder(digest(1), digest(2), digest(4), digest(5));
    }

    @Test
    void partialDownloadsAreLeftForTheirResume() throws IOException {
        BundleCacheRetention retention = new BundleCacheRetention(cache, 1);
        Files.writeString(cache.resolve(digest(7) + ".part"), "half");
        cached(digest(1));
        retention.used("g-web", digest(1));

        assertThat(cache.resolve(digest(7) + ".part")).exists();
    }

    private void cached(String digest) throws IOException {
        Files.writeString(cache.resolve(digest), "bundle " + digest);
    }

    private Stream<String> cachedDigestsStream() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).toList()
                    .stream();
        }
    }

    private java.util.List<String> cachedDigests() throws IOException {
        return cachedDigestsStream().toList();
    }

    private static String digest(int n) {
        return String.format("%064x", n);
    }
}
