package dev.watchkeeper.history;

/** The same contract against a real PostgreSQL server started by the test. */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    @Override
    StoreLocation freshLocation() {
        return PostgresServer.newDatabase();
    }
}
