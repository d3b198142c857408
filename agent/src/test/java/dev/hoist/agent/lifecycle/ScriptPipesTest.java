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
}
