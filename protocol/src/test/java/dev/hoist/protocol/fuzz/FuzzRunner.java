package dev.hoist.protocol.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * The fuzz benchmark ({@code scripts/bench/run.sh fuzz}): runs one target's generator for a bounded
 * number of inputs, checks each, and prints {@code RESULT fuzz target=... inputs=... failures=...
 * hangs=... seconds=...}. A failing input is written to
 * {@code target/fuzz-failures/} (the first 20) to be kept as a regression test; an input still running
 * after {@code --hang-seconds} counts as a hang, is written there too, and ends the run.
 *
 * <p>Usage: {@code FuzzRunner TARGET_CLASS [--inputs N] [--seed S] [--hang-seconds H]}.
 */
public final class FuzzRunner {
    private static final int KEPT_FAILURES = 20;

    private FuzzRunner() {
    }

    public static void main(String[] args) throws Exception {
        String targetClass = args[0];
        long inputs = 1_000_000;
        long seed = System.nanoTime();
        long hangSeconds = 30;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--inputs" -> inputs = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--hang-seconds" -> hangSeconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        @SuppressWarnings("unchecked")
        FuzzTarget<Object> target = (FuzzTarget<Object>) Class.forName(targetClass).getDeclaredConstructor()
                .newInstance();
        System.exit(run(target, inputs, seed, hangSeconds));
    }

    static int run(FuzzTarget<Object> target, long inputs, long seed, long hangSeconds) throws IOException {
        Path failuresDir = Path.of("target", "fuzz-failures");
        AtomicLong started = new AtomicLong();
        Object[] current = new Object[1];
        Thread watchdog = watchdog(target, started, current, hangSeconds, failuresDir, seed);
        System.out.println("fuzz " + target.name() + ": " + inputs + " inputs, seed " + seed);
        // Arbitraries outside a jqwik property need a session of their own.
        JqwikSession.start();
        RandomGenerator<Object> generator = target.inputs().generatorWithEmbeddedEdgeCases(1000);
        Random random = new Random(seed);
        long failures = 0;
        long begin = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            Object input = generator.next(random).value();
            synchronized (current) {
                current[0] = input;
            }
            started.set(System.nanoTime());
            try {
                target.check(input);
            } catch (Exception | AssertionError | StackOverflowError | OutOfMemoryError e) {
                failures++;
                if (failures <= KEPT_FAILURES) {
                    Path file = keep(failuresDir, target, input, "failure-" + failures);
                    System.out.println("FAILURE " + failures + " (input " + file + "): " + e);
                    e.printStackTrace(System.out);
                }
            }
            started.set(0);
            if ((i + 1) % 1000 == 0) {
                JqwikSession.finishTry();
            }
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("  %,d inputs, %d failures, %.0f s%n", i + 1, failures,
                        (System.nanoTime() - begin) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        JqwikSession.finish();
        watchdog.interrupt();
        System.out.printf("RESULT fuzz target=%s inputs=%d failures=%d hangs=0 seconds=%.1f seed=%d%n",
                target.name(), inputs, failures, seconds, seed);
        return failures == 0 ? 0 : 1;
    }

    private static Thread watchdog(FuzzTarget<Object> target, AtomicLong started, Object[] current,
            long hangSeconds, Path failuresDir, long seed) {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    long since = started.get();
                    if (since != 0 && System.nanoTime() - since > hangSeconds * 1_000_000_000L) {
                        Object input;
                        synchronized (current) {
                            input = current[0];
                        }
                        Path file = keep(failuresDir, target, input, "hang");
                        System.out.printf("HANG: one input has run for over %d s (input %s)%n", hangSeconds, file);
                        System.out.printf("RESULT fuzz target=%s inputs=? failures=? hangs=1 seconds=? seed=%d%n",
                                target.name(), seed);
                        Runtime.getRuntime().halt(2);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                e.printStackTrace();
                Runtime.getRuntime().halt(3);
            }
        }, "fuzz-watchdog");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Path keep(Path dir, FuzzTarget<Object> target, Object input, String label) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(target.name() + "-" + label + ".bin");
        Files.write(file, target.describe(input));
        return file;
    }
}
