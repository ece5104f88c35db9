package dev.watchkeeper.model.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** File-system chores of the audit log: owner-only files and directories, and making new directory entries durable. */
final class AuditFiles {

    private AuditFiles() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The log names who did what: readable by its owner only. */
    static FileAttribute<?>[] ownerOnlyFile() {
        return posix() ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    static void ownerOnly(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Creates {@code dir} and its missing parents (owner-only) and syncs the directory that holds
     * each new one, so that a crash right after the first entry does not lose the directory.
     */
    static void createDirectories(Path dir, Consumer<String> synced) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        for (Path created : missing) {
            sync(created.getParent(), synced);
        }
    }

    /**
     * fsync of a directory: makes the names created in it durable. Linux allows it through a
     * read-only channel; where the platform refuses, the file's own fsync is all there is.
     */
    static void sync(Path dir, Consumer<String> synced) {
        if (dir == null) {
            return;
        }
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
            synced.accept(dir.toString());
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here (e.g. Windows): nothing more can be done from Java
        }
    }
}
