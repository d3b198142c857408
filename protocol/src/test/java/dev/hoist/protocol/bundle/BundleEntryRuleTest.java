package dev.hoist.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.protocol.bundle.BundleEntryRule.Kind;
import org.junit.jupiter.api.Test;

class BundleEntryRuleTest {
    private final BundleEntryRule rule = new BundleEntryRule();

    @Test
    void plainEntriesPassAndAreReducedLexically() throws Exception {
        assertThat(rule.accept(Kind.DIRECTORY, "./", null)).isEmpty();
        assertThat(rule.accept(Kind.FILE, "./app//bin/../run.sh", null)).containsExactly("app", "run.sh");
        assertThat(rule.accept(Kind.SYMLINK, "app/current", "run.sh")).containsExactly("app", "current");
        assertThat(rule.accept(Kind.HARD_LINK, "app/again.sh", "app/run.sh")).containsExactly("app", "again.sh");
        assertThat(rule.accept(Kind.FILE, "app/run.sh", null)).as("a file may replace an earlier one, as tar does")
                .containsExactly("app", "run.sh");
        rule.finish();
    }

    @Test
    void anAbsoluteEntryIsRefusedWithItsName() {
        assertRefused(Kind.FILE, "/etc/cron.d/evil", null, "'/etc/cron.d/evil' is an absolute path");
    }

    @Test
    void aSegmentOver255BytesIsRefused() throws Exception {
        rule.accept(Kind.FILE, "a/" + "x".repeat(255), null);
        assertRefused(Kind.FILE, "a/" + "x".repeat(256), null, "has a path segment longer than 255 bytes");
        // Bytes, not characters: 128 two-byte letters are 256 bytes.
        assertRefused(Kind.FILE, "é".repeat(128), null, "longer than 255 bytes");
    }

    @Test
    void aFileWrittenThroughASymlinkOfTheBundleIsRefused() throws Exception {
        rule.accept(Kind.DIRECTORY, "real/", null);
        rule.accept(Kind.SYMLINK, "link", "real");
        assertRefused(Kind.FILE, "link/payload", null,
                "'link/payload' would be written through the symlink 'link' made by an earlier entry");
        assertRefused(Kind.DIRECTORY, "link/", null, "is a directory where an earlier entry made a symlink");
    }

    @Test
    void aHardLinkToASymlinkIsRefused() throws Exception {
        rule.accept(Kind.SYMLINK, "passwd", "data/x");
        assertRefused(Kind.HARD_LINK, "copy", "passwd", "'copy' is a hard link to the symlink 'passwd'");
    }

    @Test
    void hardLinksMustNameAnEarlierRegularFile() throws Exception {
        rule.accept(Kind.DIRECTORY, "dir/", null);
        assertRefused(Kind.HARD_LINK, "a", "/etc/shadow", "outside the bundle");
        assertRefused(Kind.HARD_LINK, "b", "../x", "outside the bundle");
        assertRefused(Kind.HARD_LINK, "c", "later", "not a regular file of an earlier entry");
        assertRefused(Kind.HARD_LINK, "d", "dir", "not a regular file of an earlier entry");
        assertRefused(Kind.HARD_LINK, "e", "e", "is a hard link to itself");
    }

    @Test
    void whatTheAgentAlreadyRefusedIsRefusedHereToo() throws Exception {
        assertRefused(Kind.FILE, "../evil", null, "climbs out of the bundle root");
        assertRefused(Kind.FILE, "", null, "has an empty name");
        assertRefused(Kind.FILE, "a\0b", null, "NUL");
        assertRefused(Kind.FILE, ".", null, "names the bundle root itself");
        assertRefused(Kind.DEVICE, "dev/sda", null, "is a device file");
        assertRefused(Kind.FIFO, "pipe", null, "is a FIFO");
        assertRefused(Kind.SOCKET, "sock", null, "is a socket");
        assertRefused(Kind.SYMLINK, "l1", "/etc", "symlink to the absolute path '/etc'");
        assertRefused(Kind.SYMLINK, "sub/l2", "../../etc", "resolves outside the bundle root");
        assertRefused(Kind.SYMLINK, "l3", "", "empty target");
        rule.accept(Kind.FILE, "file", null);
        assertRefused(Kind.FILE, "file/under", null, "needs 'file' to be a directory");
        rule.accept(Kind.DIRECTORY, "d/", null);
        assertRefused(Kind.FILE, "d", null, "made 'd' a directory");
    }

    @Test
    void aChainOfHarmlessLookingSymlinksThatLeavesTheRootIsRefusedAtTheEnd() throws Exception {
        rule.accept(Kind.DIRECTORY, "a/b/", null);
        rule.accept(Kind.SYMLINK, "a/b/up", "..");
        rule.accept(Kind.SYMLINK, "a/out", "b/up/../..");
        assertThatThrownBy(rule::finish).isInstanceOf(BundleEntryRule.Refused.class)
                .hasMessageContaining("'a/out'").hasMessageContaining("once the symlinks it passes through");
    }

    @Test
    void aSymlinkLoopIsRefusedAtTheEnd() throws Exception {
        rule.accept(Kind.SYMLINK, "x", "y");
        rule.accept(Kind.SYMLINK, "y", "x/z");
        assertThatThrownBy(rule::finish).isInstanceOf(BundleEntryRule.Refused.class)
                .hasMessageContaining("more than 40 symlinks");
    }

    private void assertRefused(Kind kind, String name, String target, String expected) {
        assertThatThrownBy(() -> rule.accept(kind, name, target))
                .isInstanceOf(BundleEntryRule.Refused.class)
                .hasMessageStartingWith("entry '")
                .hasMessageContaining(expected);
    }
}
