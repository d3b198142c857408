package dev.hoist.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.protocol.appspec.AppSpec;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.FileMapping;
import dev.hoist.protocol.appspec.PermissionRule;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install steps 1-5 on real directories. */
class InstallerTest {

    @TempDir
    Path temp;

    private Path host;
    private DeploymentLayout layout;
    private InstallRecordStore records;
    private Installer installer;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        host = Files.createDirectories(temp.resolve("host"));
        layout = new DeploymentLayout(temp.resolve("deployments"));
        records = new InstallRecordStore(layout);
        installer = new Installer(records, new ExternalTools(List.of()));
    }

    @Test
    void copiesDirectoryContentsAndSingleFilesKeepingModesMtimesAndSymlinks() throws Exception {
        Path rev = revision("r1", Map.of("app/bin/tool", "#!/bin/sh\n", "app/README", "hi\n", "conf/app.conf", "x=1\n"));
        Files.setPosixFilePermissions(rev.resolve("app/bin/tool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(rev.resolve("app/README"), FileTime.fromMillis(1_000_000_000_000L));
        Files.createSymbolicLink(rev.resolve("app/current"), Path.of("bin/tool"));

        InstallRecord record = install("d-1", rev, spec(null, List.of(
                new FileMapping("app", host.resolve("srv/app").toString()),
                new FileMapping("conf/app.conf", host.resolve("etc/app").toString())), List.of()), null);

        assertThat(host.resolve("srv/app/bin/tool")).hasContent("#!/bin/sh");
        assertThat(Files.getPosixFilePermissions(host.resolve("srv/app/bin/tool")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(Files.getLastModifiedTime(host.resolve("srv/app/README")).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(Files.readSymbolicLink(host.resolve("srv/app/current"))).isEqualTo(Path.of("bin/tool"));
        assertThat(host.resolve("etc/app/app.conf")).hasContent("x=1");
        assertThat(record.entries()).extracting(InstallRecord.Entry::path)
                .contains(host.resolve("srv"), host.resolve("srv/app/bin/tool"), host.resolve("etc/app/app.conf"));
        assertThat(records.read("g")).contains(record);
    }

    @Test
    void nextInstallRemovesWhatTheRevisionNoLongerShipsButKeepsHostFilesInItsDirectories() throws Exception {
        Path dest = host.resolve("opt/app");
        install("d-1", revision("r1", Map.of("app/a.txt", "a1", "app/old/b.txt", "b1")),
                spec(null, List.of(new FileMapping("app", dest.toString())), List.of()), null);
        Files.writeString(host.resolve("opt/app/host-added.log"), "mine");

        install("d-2", revision("r2", Map.of("app/a.txt", "a2")),
                spec(null, List.of(new FileMapping("app", dest.toString())), List.of()), null);

        assertThat(dest.resolve("a.txt")).hasContent("a2");
        assertThat(dest.resolve("old")).doesNotExist();
        assertThat(dest.resolve("host-added.log")).hasContent("mine");
    }

    @Test
    void disallowFailsNamingThePathAndTouchesNothing() throws Exception {
        Path dest = host.resolve("etc/app");
        install("d-1", revision("r1", Map.of("conf/other.conf", "o")),
                spec(null, List.of(new FileMapping("conf", dest.toString())), List.of()), null);
        Files.writeString(dest.resolve("app.conf"), "hand-edited");

        assertThatThrownBy(() -> install("d-2", revision("r2", Map.of("conf/app.conf", "new")),
                spec(null, List.of(new FileMapping("conf", dest.toString())), List.of()), null))
                .isInstanceOfSatisfying(InstallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.FILE_EXISTS);
                    assertThat(e.getMessage()).contains(dest.resolve("app.conf").toString());
                });
        assertThat(dest.resolve("app.conf")).hasContent("hand-edited");
        assertThat(dest.resolve("other.conf")).as("the installed revision stays").hasContent("o");
    }

    @Test
    void overwriteReplacesAndRetainKeepsTheHostFile() throws Exception {
        Path dest = host.resolve("etc");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("a.conf"), "host");
        Files.writeString(dest.resolve("b.conf"), "host");

        install("d-1", revision("r1", Map.of("c/a.conf", "new")),
                spec(null, List.of(new FileMapping("c", dest.toString())), List.of()), FileExistsBehavior.OVERWRITE);
        InstallRecord retained = install("d-2", revision("r2", Map.of("c/a.conf", "newer", "c/b.conf", "new")),
                spec(FileExistsBehavior.RETAIN, List.of(new FileMapping("c", dest.toString())), List.of()),
                FileExistsBehavior.OVERWRITE);

        assertThat(dest.resolve("a.conf")).as("installed by d-1, so not a conflict for d-2").hasContent("newer");
        assertThat(dest.resolve("b.conf")).as("the AppSpec's RETAIN beats the deployment's OVERWRITE")
                .hasContent("host");
        assertThat(retained.entries()).extracting(InstallRecord.Entry::path).doesNotContain(dest.resolve("b.conf"));
    }

    @Test
    void aReadOnlyBundleInstallsWritableByItsOwnerButExplicitModesStayExact() throws Exception {
        Path rev = revision("r1", Map.of("app/bin/tool", "#!/bin/sh\n", "app/README", "hi\n", "app/secret", "s\n"));
        Files.setPosixFilePermissions(rev.resolve("app/bin/tool"), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(rev.resolve("app/README"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(rev.resolve("app/bin"), PosixFilePermissions.fromString("r-xr-xr-x"));
        Path dest = host.resolve("srv/app");

        install("d-1", rev, spec(null, List.of(new FileMapping("app", dest.toString())),
                List.of(rule(dest, "secret", List.of(), 0440, Set.of(PermissionRule.ObjectType.FILE)))), null);

        assertThat(mode(dest.resolve("bin/tool"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(dest.resolve("README"))).isEqualTo("rw-r--r--");
        assertThat(mode(dest.resolve("bin"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(dest.resolve("secret"))).as("permissions mode as written").isEqualTo("r--r-----");
    }

    @Test
    void permissionsApplyToMatchingNewFilesOnly() throws Exception {
        Path dest = host.resolve("srv/tool");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("host.sh"), "old");
        Files.setPosixFilePermissions(dest.resolve("host.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        Path rev = revision("r1", Map.of("app/run.sh", "x", "app/README", "x", "app/skip.sh", "x",
                "app/lib/deep.sh", "x"));
        for (String f : List.of("app/run.sh", "app/README", "app/skip.sh", "app/lib/deep.sh")) {
            Files.setPosixFilePermissions(rev.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(rev.resolve("app/lib"), PosixFilePermissions.fromString("rwxr-xr-x"));
        List<PermissionRule> rules = List.of(
                rule(dest, "*.sh", List.of("skip.sh"), 0750, Set.of(PermissionRule.ObjectType.FILE)),
                rule(dest, "**", List.of(), 0700, Set.of(PermissionRule.ObjectType.DIRECTORY)));

        install("d-1", rev, spec(FileExistsBehavior.RETAIN, List.of(new FileMapping("app", dest.toString())), rules),
                null);

        assertThat(mode(dest.resolve("run.sh"))).isEqualTo("rwxr-x---");
        assertThat(mode(dest.resolve("skip.sh"))).as("except").isEqualTo("rw-r--r--");
        assertThat(mode(dest.resolve("README"))).as("pattern").isEqualTo("rw-r--r--");
        assertThat(mode(dest.resolve("lib/deep.sh"))).as("single-segment pattern").isEqualTo("rw-r--r--");
        assertThat(mode(dest.resolve("lib"))).as("type directory with **").isEqualTo("rwx------");
        assertThat(mode(dest.resolve("host.sh"))).as("not created by this Install").isEqualTo("rw-r--r--");
    }

    @Test
    void aclsWithoutSetfaclFailWithWhatToInstall() throws Exception {
        Path dest = host.resolve("srv");
        PermissionRule acl = new PermissionRule(dest.toString(), "**", List.of(), null, null, null,
                List.of("u:nobody:rwx"), Set.of(), null);

        assertThatThrownBy(() -> install("d-1", revision("r1", Map.of("a/x", "x")),
                spec(null, List.of(new FileMapping("a", dest.toString())), List.of(acl)), null))
                .isInstanceOfSatisfying(InstallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.UNKNOWN_ERROR);
                    assertThat(e.getMessage()).contains("setfacl").contains("acl");
                });
        assertThat(records.read("g")).hasValueSatisfying(r -> {
            assertThat(r.complete()).isFalse();
            assertThat(r.entries()).extracting(InstallRecord.Entry::path).contains(dest.resolve("x"));
        });
    }

    @Test
    void tornInstallRecordDeletesNothingAndSaysWhatToDo() throws Exception {
        Path dest = host.resolve("opt/app");
        install("d-1", revision("r1", Map.of("app/a.txt", "a1", "app/b.txt", "b1")),
                spec(null, List.of(new FileMapping("app", dest.toString())), List.of()), null);
        Path record = layout.installRecord("g");
        byte[] bytes = Files.readAllBytes(record);
        Files.write(record, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> install("d-2", revision("r2", Map.of("app/a.txt", "a2")),
                spec(null, List.of(new FileMapping("app", dest.toString())), List.of()), null))
                .isInstanceOfSatisfying(InstallException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.UNKNOWN_ERROR);
                    assertThat(e.getMessage()).contains(record.toString()).contains("damaged").contains("mv ");
                });
        assertThat(dest.resolve("a.txt")).hasContent("a1");
        assertThat(dest.resolve("b.txt")).hasContent("b1");
    }

    @Test
    void editedRecordFailsItsChecksum() throws Exception {
        install("d-1", revision("r1", Map.of("app/a.txt", "a1")),
                spec(null, List.of(new FileMapping("app", host.resolve("x").toString())), List.of()), null);
        Path record = layout.installRecord("g");
        Files.writeString(record, Files.readString(record).replace(host.resolve("x/a.txt").toString(), "/etc/passwd"));

        assertThatThrownBy(() -> records.read("g")).isInstanceOf(InstallRecordDamagedException.class)
                .hasMessageContaining("checksum");
    }

    private InstallRecord install(String deploymentId, Path revisionRoot, AppSpec spec, FileExistsBehavior behavior)
            throws InstallException {
        return installer.install(new InstallRequest("g", deploymentId, "rev-" + deploymentId, "abc", revisionRoot,
                "appspec.yml", spec, behavior), log::add);
    }

    private Path revision(String name, Map<String, String> files) throws IOException {
        Path root = Files.createDirectories(temp.resolve("revisions").resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return root;
    }

    private static AppSpec spec(FileExistsBehavior behavior, List<FileMapping> files, List<PermissionRule> rules) {
        return new AppSpec("linux", behavior, files, rules, Map.of());
    }

    private static PermissionRule rule(Path object, String pattern, List<String> except, int mode,
            Set<PermissionRule.ObjectType> types) {
        return new PermissionRule(object.toString(), pattern, except, null, null, mode, List.of(), types, null);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
