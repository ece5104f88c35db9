package dev.watchkeeper.history;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteRecordingTest extends RecordingContract {

    @TempDir
    Path dir;

    @Override
    StoreLocation freshLocation() {
        return StoreLocation.sqlite(dir.resolve("demo.db"));
    }
}
