package org.nljdbc.translator.internal.catalog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as files in one directory private to the user ({@code rwx------}, files {@code rw-------}), by default
 * {@code $XDG_CACHE_HOME/nljdbc/catalog} or {@code ~/.cache/nljdbc/catalog}. A file is written to a temporary name and
 * moved into place, so a reader never sees half of one; concurrent writers of the same key leave one whole file.
 */
public final class LocalSnapshotStore implements SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSnapshotStore.class);
    private final Path dir;
    private volatile boolean warned;

    public LocalSnapshotStore(Path dir) {
        this.dir = dir;
    }

    /** The default directory: {@code $XDG_CACHE_HOME/nljdbc/catalog}, else {@code ~/.cache/nljdbc/catalog}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nljdbc").resolve("catalog");
    }

    public Path directory() {
        return dir;
    }

    private Path file(SnapshotKeys.Key key) {
        return dir.resolve(key.database() + "-" + key.reader() + ".snap");
    }

    @Override
    public byte[] get(SnapshotKeys.Key key) {
        Path f = file(key);
        try {
            return Files.exists(f) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            warn("read", e);
            return null;
        }
    }

    @Override
    public void put(SnapshotKeys.Key key, byte[] snapshot) {
        try {
            ensureDirectory();
            Path tmp = Files.createTempFile(dir, key.database(), ".tmp", privateFile());
            try {
                Files.write(tmp, snapshot);
                Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            warn("write", e);
        }
    }

    @Override
    public void invalidate(String databaseKey) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, databaseKey + "-*.snap")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            warn("invalidate", e);
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private java.nio.file.attribute.FileAttribute<?>[] privateFile() {
        return isPosix() ? new java.nio.file.attribute.FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static boolean isPosix() {
        Set<String> views = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews();
        return views.contains("posix");
    }

    private void warn(String what, Exception e) {
        if (!warned) {
            warned = true;
            LOG.warn("catalog snapshots: cannot {} in {}: {}; continuing without them", what, dir, e.toString());
        } else {
            LOG.debug("catalog snapshots: cannot {}: {}", what, e.toString());
        }
    }
}
