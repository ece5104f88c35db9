package dev.watchkeeper.history;

/** The same contract against a real PostgreSQL server started by the test. */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    @Override
    StoreLocation freshLocation() {
        return PostgresServer.newDatabase();
    }

    /** Flyway's advisory lock serializes PostgreSQL; its waiters poll once a second, so a round takes seconds. */
    @Override
    int openRaceRounds() {
        return 2;
    }
}
