package dev.watchkeeper.history;

/** The same contract against a real PostgreSQL server started by the test. */
class PostgresIncidentStoreTest extends IncidentStoreContract {

    @Override
    StoreLocation freshLocation() {
        return PostgresServer.newDatabase();
    }
}
