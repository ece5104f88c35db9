package dev.watchkeeper.history;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteIncidentStoreTest extends IncidentStoreContract {

    @TempDir
    Path dir;

    @Override
    StoreLocation freshLocation() {
        return StoreLocation.sqlite(dir.resolve("history").resolve("prod.db"));
    }
}
