package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a hook script into the command that runs it.
 *
 * <p>How a script is run. CodeDeploy makes a script executable and executes it, so its {@code #!} line
 * picks the interpreter. Hoist does not change files in the revision: a script with a {@code #!} line
 * runs under that interpreter, any other text file under {@code /bin/bash}, whether or not it has the
 * execute bit. An executable binary runs as itself. {@code SCRIPT_NOT_EXECUTABLE} therefore means that
 * the location cannot be run at all: a directory or other non-file, an unreadable file, a binary without
 * the execute bit, a {@code #!} interpreter that is missing, or a {@code runas} user that does not exist.
 *
 * <p>Every command starts with {@code setsid}, so the script leads its own process group, and a
 * {@code runas} command switches identity with {@code setpriv} (not {@code su -c}, which would start yet
 * another session out of the group's reach) and starts a login shell for the user's environment: the
 * agent's environment (as every hook gets it, appspec.md §3) overlaid with the user's {@code HOME},
 * {@code USER}, {@code LOGNAME}, {@code SHELL} and {@code PATH} and whatever the user's profile sets, then
 * the Hoist variables. CodeDeploy's {@code su U -c} keeps the agent's {@code HOME} and {@code PATH} and
 * skips the profile, which is the surprise this avoids.
 */
final class ScriptCommand {

    /** A command ready to start, or why the script cannot be run. */
    record Resolved(List<String> argv, Map<String, String> environment, FailureClass failure, String problem) {

        static Resolved refused(FailureClass failure, String problem) {
            return new Resolved(List.of(), Map.of(), failure, problem);
        }
    }

    private final UserDirectory users;

    ScriptCommand(UserDirectory users) {
        this.users = users;
    }

    Resolved resolve(ScriptInvocation invocation) throws IOException {
        Path root = invocation.revisionRoot().toAbsolutePath().normalize();
        Path script = root.resolve(invocation.location()).normalize();
        if (!script.startsWith(root)) {
            return Resolved.refused(FailureClass.SCRIPT_MISSING, invocation.location()
                    + " points outside the revision; hook locations are relative to the bundle root");
        }
        if (!Files.exists(script, LinkOption.NOFOLLOW_LINKS) || !Files.exists(script)) {
            return Resolved.refused(FailureClass.SCRIPT_MISSING, invocation.location()
                    + " does not exist in the revision (looked for " + script + ")");
        }
        if (!Files.isRegularFile(script)) {
            return Resolved.refused(FailureClass.SCRIPT_NOT_EXECUTABLE, invocation.location()
                    + " is not a regular file; a hook location must name a script");
        }
        if (!Files.isReadable(script)) {
            return Resolved.refused(FailureClass.SCRIPT_NOT_EXECUTABLE, invocation.location()
                    + " cannot be read by the agent (mode " + modeOf(script) + ")");
        }
        List<String> interpreter = new ArrayList<>();
        String problem = interpreterFor(invocation.location(), script, interpreter);
        if (problem != null) {
            return Resolved.refused(FailureClass.SCRIPT_NOT_EXECUTABLE, problem);
        }
        List<String> run = new ArrayList<>(interpreter);
        run.add(script.toString());

        if (invocation.runas() == null) {
            List<String> argv = new ArrayList<>(List.of("setsid", "--wait"));
            argv.addAll(run);
            Map<String, String> environment = new LinkedHashMap<>(invocation.secrets());
            environment.putAll(invocation.environment());
            return new Resolved(argv, environment, null, null);
        }
        return asUser(invocation, root, run);
    }

    private Resolved asUser(ScriptInvocation invocation, Path root, List<String> run) throws IOException {
        UserDirectory.Account account = users.lookup(invocation.runas());
        if (account == null) {
            return Resolved.refused(FailureClass.SCRIPT_NOT_EXECUTABLE, "runas user '" + invocation.runas()
                    + "' of " + invocation.location() + " does not exist on this host; create it or fix runas");
        }
        long self = users.currentUid();
        if (self != 0 && self != account.uid()) {
            return Resolved.refused(FailureClass.SCRIPT_NOT_EXECUTABLE, "runas '" + invocation.runas()
                    + "' of " + invocation.location() + " needs the agent to run as root (it runs as uid "
                    + self + ")");
        }
        StringBuilder shell = new StringBuilder("cd -- ").append(quote(root.toString()));
        for (Map.Entry<String, String> variable : invocation.environment().entrySet()) {
            shell.append(" && export ").append(variable.getKey()).append('=').append(quote(variable.getValue()));
        }
        shell.append(" && exec");
        for (String word : run) {
            shell.append(' ').append(quote(word));
        }
        List<String> argv = new ArrayList<>(List.of("setsid", "--wait"));
        if (self != account.uid()) {
            argv.addAll(List.of("setpriv", "--reuid=" + account.uid(), "--regid=" + account.gid(), "--init-groups"));
        }
        argv.addAll(List.of("/bin/bash", "-l", "-c", shell.toString()));
        // What a login sets before the profile runs, over the agent's environment; the profile does the rest.
        Map<String, String> login = new LinkedHashMap<>();
        login.put("HOME", account.home());
        login.put("SHELL", account.shell());
        login.put("USER", account.name());
        login.put("LOGNAME", account.name());
        login.put("PATH", account.uid() == 0 ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : "/usr/local/bin:/usr/bin:/bin");
        String term = System.getenv("TERM");
        if (term != null) {
            login.put("TERM", term);
        }
        // Secret values travel in the environment, never in the shell text above, which ps shows to anyone.
        Map<String, String> environment = new LinkedHashMap<>(invocation.secrets());
        environment.putAll(login);
        return new Resolved(argv, environment, null, null);
    }

    /** Fills {@code interpreter}; returns why the script cannot run, or {@code null}. */
    private static String interpreterFor(String location, Path script, List<String> interpreter) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(script)) {
            head = in.readNBytes(256);
        }
        if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            if (!Files.isExecutable(script)) {
                return location + " is a binary program without the execute bit (mode " + modeOf(script)
                        + "); set it in the bundle (chmod +x) or run it from a script";
            }
            return null;
        }
        if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
            String first = new String(head, 2, head.length - 2, StandardCharsets.UTF_8);
            int eol = first.indexOf('\n');
            if (eol < 0 && head.length == 256) {
                return location + " has a #! line longer than 254 characters";
            }
            String line = (eol < 0 ? first : first.substring(0, eol)).strip();
            if (line.isEmpty()) {
                interpreter.add("/bin/bash");
                return null;
            }
            // As the kernel does: the interpreter, then the rest of the line as one argument.
            String[] parts = line.split("[ \t]+", 2);
            Path program = Path.of(parts[0]);
            if (!program.isAbsolute() || !Files.isExecutable(program) || Files.isDirectory(program)) {
                return location + " names the interpreter " + parts[0] + " on its #! line, which is not an "
                        + "executable on this host; install it or fix the #! line";
            }
            interpreter.addAll(Arrays.asList(parts));
            return null;
        }
        interpreter.add("/bin/bash");
        return null;
    }

    private static String modeOf(Path path) {
        try {
            return Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode") & 07777);
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
