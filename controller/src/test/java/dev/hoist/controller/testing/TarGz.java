package dev.hoist.controller.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds real tar.gz bundles in memory for tests, including hostile ones (links out, devices, {@code ..}). */
public final class TarGz {
    private final List<Entry> entries = new ArrayList<>();

    public TarGz file(String name, String content) {
        entries.add(new Entry(name, TarConstants.LF_NORMAL, content.getBytes(StandardCharsets.UTF_8), null, 0644));
        return this;
    }

    public TarGz script(String name, String content) {
        entries.add(new Entry(name, TarConstants.LF_NORMAL, content.getBytes(StandardCharsets.UTF_8), null, 0755));
        return this;
    }

    public TarGz directory(String name) {
        entries.add(new Entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, new byte[0], null, 0755));
        return this;
    }

    public TarGz symlink(String name, String target) {
        entries.add(new Entry(name, TarConstants.LF_SYMLINK, new byte[0], target, 0777));
        return this;
    }

    public TarGz hardLink(String name, String target) {
        entries.add(new Entry(name, TarConstants.LF_LINK, new byte[0], target, 0644));
        return this;
    }

    public TarGz characterDevice(String name) {
        entries.add(new Entry(name, TarConstants.LF_CHR, new byte[0], null, 0600));
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(buffer))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.name, entry.type(), true);
                tarEntry.setMode(entry.mode);
                if (entry.linkTarget != null) {
                    tarEntry.setLinkName(entry.linkTarget);
                }
                tarEntry.setSize(entry.type() == TarConstants.LF_NORMAL ? entry.content.length : 0);
                tar.putArchiveEntry(tarEntry);
                if (entry.type() == TarConstants.LF_NORMAL) {
                    tar.write(entry.content);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private record Entry(String name, byte linkFlag, byte[] content, String linkTarget, int mode) {
        byte type() {
            return linkFlag;
        }
    }
}
