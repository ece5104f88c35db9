package dev.watchkeeper.cli;

import dev.watchkeeper.history.HistoryException;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.StoreLocation;

import java.sql.SQLException;

/** Opens the history store the options name, turning failures into the CLI's exit codes. */
final class HistoryStores {

    private HistoryStores() {
    }

    static StoreLocation location(String url, String profile, dev.watchkeeper.connectors.profile.HistorySettings setting) {
        try {
            return StoreLocation.forProfile(url, profile, setting, System::getenv);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }

    /** @param create false for reads: a store never recorded is an error (exit 1), not a new empty file */
    static HistoryStore open(StoreLocation location, boolean create) {
        try {
            return HistoryStore.open(location, create);
        } catch (HistoryException e) {
            // SQLSTATE class 08: the database server could not be reached
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                    throw new CliFailure(ExitCodes.CONNECTION, e.getMessage(), e);
                }
            }
            throw new CliFailure(ExitCodes.FAILED, e.getMessage(), e);
        }
    }
}
