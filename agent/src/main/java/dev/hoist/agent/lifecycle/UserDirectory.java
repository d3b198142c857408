package dev.hoist.agent.lifecycle;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Looks up local accounts through {@code getent passwd}, so NSS sources (LDAP, sssd) count too. */
final class UserDirectory {

    /** A passwd entry. */
    record Account(String name, long uid, long gid, String home, String shell) {
    }

    /** The account, or {@code null} when there is no such user. */
    Account lookup(String name) throws IOException {
        if (name.isEmpty() || name.startsWith("-") || name.contains(":") || name.contains("\n")) {
            return null;
        }
        Process getent = new ProcessBuilder("getent", "passwd", name)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            String out = new String(getent.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!getent.waitFor(30, TimeUnit.SECONDS)) {
                getent.destroyForcibly();
                throw new IOException("getent passwd " + name + " did not answer within 30 s");
            }
            if (getent.exitValue() != 0) {
                return null;
            }
            String[] fields = out.split("\n")[0].split(":", -1);
            if (fields.length < 7) {
                throw new IOException("getent passwd " + name + " gave an unexpected line: " + out);
            }
            String shell = fields[6].isEmpty() ? "/bin/sh" : fields[6];
            return new Account(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5], shell);
        } catch (InterruptedException e) {
            getent.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up user " + name, e);
        } catch (NumberFormatException e) {
            throw new IOException("getent passwd " + name + " gave a non-numeric uid or gid", e);
        }
    }

    /** The agent's own uid. */
    long currentUid() throws IOException {
        return ((Number) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"))
                .longValue();
    }
}
