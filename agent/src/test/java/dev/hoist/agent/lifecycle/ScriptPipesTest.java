package dev.hoist.agent.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The named pipes behind a script's output, for the case where no process ever writes to them. */
class ScriptPipesTest {

    @Test
    void aReaderWaitingForAWriterThatNeverComesIsReleasedToEndOfFile() throws Exception {
        AtomicInteger firstRead = new AtomicInteger(Integer.MIN_VALUE);
        try (ScriptPipes pipes = ScriptPipes.create()) {
            assertThat(pipes.stdout()).exists();
            Thread reader = new Thread(() -> {
                try (InputStream in = new FileInputStream(pipes.stdout().toFile())) {
                    firstRead.set(in.read());
                } catch (Exception e) {
                    firstRead.set(-2);
                }
            });
            reader.setDaemon(true);
            reader.start();
            // Java cannot see when the reader is blocked in open(2), and a release before that is
            // missed; releasing never blocks, so release until the reader is through.
            await("the reader is released").atMost(Duration.ofSeconds(10)).until(() -> {
                pipes.releaseWaitingReaders();
                return !reader.isAlive();
            });
            assertThat(firstRead).hasValue(-1);
        }
    }

    @Test
    void releasingWithNobodyWaitingReturnsAndCloseRemovesThePipes() throws Exception {
        ScriptPipes pipes = ScriptPipes.create();

        pipes.releaseWaitingReaders(); // would block forever if it opened the pipes for writing only
        pipes.close();

        assertThat(Files.exists(pipes.stdout())).isFalse();
        assertThat(Files.exists(pipes.stdout().getParent())).isFalse();
    }

    @Test
    void everyPairIsNewAndOneWhoseNamesWereCleanedAwayIsNotHandedOut() throws Exception {
        java.util.List<ScriptPipes> taken = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                taken.add(ScriptPipes.create());
            }
            assertThat(taken).extracting(ScriptPipes::stdout).doesNotHaveDuplicates()
                    .allSatisfy(pipe -> assertThat(isPipe(pipe)).as("%s is a named pipe", pipe).isTrue());
            // A cleaner of the temporary directory removes the names of pairs made ahead and not yet used.
            try (var dirs = Files.newDirectoryStream(taken.get(0).stdout().getParent().getParent(), "hoist-hook-*")) {
                for (var dir : dirs) {
                    if (taken.stream().noneMatch(p -> p.stdout().getParent().equals(dir))) {
                        Files.deleteIfExists(dir.resolve("stdout"));
                    }
                }
            }
            ScriptPipes next = ScriptPipes.create();
            taken.add(next);
            assertThat(isPipe(next.stdout()) && isPipe(next.stderr())).isTrue();
        } finally {
            taken.forEach(ScriptPipes::close);
        }
    }

    private static boolean isPipe(java.nio.file.Path path) throws java.io.IOException {
        return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).isOther();
    }
}
