package dev.hoist.agent.install;

import dev.hoist.protocol.appspec.PermissionRule;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The host tools Install needs for what Java cannot do: {@code setfacl} for ACLs and {@code chcon} for
 * SELinux contexts. ACLs are required when asked for (a missing tool fails the Install with what to
 * install); an SELinux context on a host without SELinux is skipped with a note, as there is nothing to
 * label.
 */
final class ExternalTools {

    private static final int PATHS_PER_CALL = 200;
    private static final long TOOL_TIMEOUT_SECONDS = 120;

    private final List<Path> searchPath;

    ExternalTools(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    static ExternalTools fromEnvironment() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return new ExternalTools(dirs);
    }

    void setAcls(String where, List<String> acls, List<Path> paths) throws IOException, InstallException {
        Path setfacl = find("setfacl");
        if (setfacl == null) {
            throw new InstallException(FailureClass.UNKNOWN_ERROR, where + ": acls " + acls
                    + " need the setfacl command, which is not installed on this host; install the 'acl' package "
                    + "(apt-get install acl / dnf install acl) or remove acls from the AppSpec");
        }
        List<String> base = List.of(setfacl.toString(), "-m", String.join(",", acls), "--");
        runInChunks(where, base, paths);
    }

    void setSeLinuxContext(String where, PermissionRule.SeLinuxContext context, List<Path> paths,
            Consumer<String> log) throws IOException, InstallException {
        Path chcon = find("chcon");
        if (chcon == null || !Files.isDirectory(Path.of("/sys/fs/selinux"))) {
            log.accept(where + ": SELinux is not enabled on this host; context " + context.type() + " not applied");
            return;
        }
        List<String> base = new ArrayList<>(List.of(chcon.toString(), "-h"));
        if (context.user() != null) {
            base.addAll(List.of("-u", context.user()));
        }
        if (context.role() != null) {
            base.addAll(List.of("-r", context.role()));
        }
        base.addAll(List.of("-t", context.type()));
        if (context.range() != null) {
            base.addAll(List.of("-l", context.range()));
        }
        base.add("--");
        runInChunks(where, base, paths);
    }

    private void runInChunks(String where, List<String> base, List<Path> paths)
            throws IOException, InstallException {
        for (int from = 0; from < paths.size(); from += PATHS_PER_CALL) {
            List<String> command = new ArrayList<>(base);
            paths.subList(from, Math.min(paths.size(), from + PATHS_PER_CALL))
                    .forEach(p -> command.add(p.toString()));
            run(where, command);
        }
    }

    private static void run(String where, List<String> command) throws IOException, InstallException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InstallException(FailureClass.UNKNOWN_ERROR, where + ": " + command.get(0)
                        + " did not finish within " + TOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new InstallException(FailureClass.UNKNOWN_ERROR, where + ": " + command.get(0) + " "
                        + command.get(1) + " " + command.get(2) + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InstallException(FailureClass.CANCELLED, where + ": interrupted while running "
                    + command.get(0));
        }
    }

    private Path find(String tool) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
