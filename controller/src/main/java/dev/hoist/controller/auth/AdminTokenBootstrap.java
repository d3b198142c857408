package dev.hoist.controller.auth;

import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.Role;
import dev.hoist.controller.core.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On first start, creates the admin API token: its secret is printed once and written to
 * {@code <data>/admin.token} (mode 0600), only its hash is stored. Later starts find the token in the
 * store and create nothing.
 */
public final class AdminTokenBootstrap {
    /** Name of the first admin token; it is the "who" of the calls made with it. */
    public static final String ADMIN_TOKEN_NAME = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final ApiTokenStore tokens;
    private final Path tokenFile;
    private final Clock clock;
    private final PrintStream console;

    public AdminTokenBootstrap(ApiTokenStore tokens, Path tokenFile, Clock clock, PrintStream console) {
        this.tokens = tokens;
        this.tokenFile = tokenFile;
        this.clock = clock;
        this.console = console;
    }

    /** Creates the admin token unless it exists; returns whether it did. */
    public boolean ensureAdminToken() throws IOException {
        if (tokens.findByName(ADMIN_TOKEN_NAME).isPresent()) {
            if (!Files.exists(tokenFile)) {
                LOG.warn("The admin API token exists but {} does not; its secret cannot be shown again (with "
                        + "several controllers on one database, it is in the data directory of the first)", tokenFile);
            }
            return false;
        }
        String secret = Secrets.newSecret("hoist_api_");
        // The file first: a token stored without its secret written anywhere would lock everyone out.
        writePrivately(secret + "\n");
        boolean stored = tokens.insertUnlessNameTaken(new ApiToken(Secrets.newId("tok-"), ADMIN_TOKEN_NAME,
                Role.ADMIN, Secrets.hash(secret), clock.instant()));
        if (!stored) {
            // Another controller on the same database stored it first: its secret is in that one's data dir.
            Files.deleteIfExists(tokenFile);
            LOG.info("Another controller created the admin API token at the same moment; its secret is in that "
                    + "controller's admin.token");
            return false;
        }
        console.println();
        console.println("Created the admin API token (shown once; also written to " + tokenFile + ", mode 0600):");
        console.println();
        console.println("    " + secret);
        console.println();
        console.flush();
        LOG.info("Created the admin API token in {}", tokenFile);
        return true;
    }

    private void writePrivately(String content) throws IOException {
        Path temp = tokenFile.resolveSibling(tokenFile.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.write(StandardCharsets.UTF_8.encode(content));
            channel.force(true);
        }
        Files.move(temp, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
