package dev.hoist.controller;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * For a test class whose tests call one real controller: started once, on a temporary data directory
 * ({@code temp/hoist-data}, the local default's name, so a {@code hoist} run from {@code temp} finds its
 * {@code admin.token} as beside a local controller), before the class's tests, and stopped after them. A subclass's own
 * {@code @BeforeAll} runs after the controller has started (give it another name than
 * {@code startController}, or it would hide this one).
 */
public abstract class AgainstRunningController {
    @TempDir
    protected static Path temp;

    protected static RunningController controller;
    /** An admin's API token. */
    protected static String admin;

    @BeforeAll
    static void startController() throws Exception {
        controller = RunningController.start(temp.resolve("hoist-data"));
        admin = controller.adminToken();
    }

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.close();
            controller = null;
        }
    }
}
