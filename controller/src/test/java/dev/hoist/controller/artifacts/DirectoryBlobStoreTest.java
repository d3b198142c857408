package dev.hoist.controller.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    private DirectoryBlobStore store;

    @BeforeEach
    void open() throws IOException {
        store = new DirectoryBlobStore(dir);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    List<String> leftoverStaging() throws IOException {
        try (Stream<Path> temp = Files.list(dir.resolve("tmp"))) {
            return temp.map(Path::toString).toList();
        }
    }

    @Test
    void keepsTheLayoutOfEarlierDataDirectories() throws IOException {
        String digest = sha256Of("bundle one".getBytes(StandardCharsets.UTF_8));

        store.put(stream("bundle one"), 1024, null);

        assertThat(dir.resolve(digest.substring(0, 2)).resolve(digest)).hasContent("bundle one");
    }

    @Test
    void readsABundleWrittenByAnEarlierControllerAsItIs() throws IOException {
        String digest = sha256Of("old bytes".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve(digest.substring(0, 2)));
        Files.writeString(dir.resolve(digest.substring(0, 2)).resolve(digest), "old bytes");

        assertThat(store.size(digest)).contains(9L);
        try (InputStream in = store.open(digest, 4, -1)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bytes");
        }
        assertThat(listed()).extracting(BlobStore.BlobInfo::sha256).containsExactly(digest);
    }
}
