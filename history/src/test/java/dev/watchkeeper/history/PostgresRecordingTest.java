package dev.watchkeeper.history;

/** Recording the simulated fleet into a real PostgreSQL server, and rewinding it. */
class PostgresRecordingTest extends RecordingContract {

    @Override
    StoreLocation freshLocation() {
        return PostgresServer.newDatabase();
    }
}
