package dev.watchkeeper.bench.e2e;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The fleet table column a run sorts by: Account (the order the console exempts from re-sorting), Lifecycle or Last block. */
enum SortColumn {
    ACCOUNT("account", "Account"),
    LIFECYCLE("lifecycle", "Lifecycle"),
    LAST_BLOCK("lastblock", "Last block");

    final String option;
    final String header;

    SortColumn(String option, String header) {
        this.option = option;
        this.header = header;
    }

    static SortColumn of(String option) {
        for (SortColumn c : values()) {
            if (c.option.equals(option)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--sort account, lifecycle or lastblock, not " + option);
    }

    /** The table's column with this header, or null. */
    TableColumn<?, ?> find(TableView<?> table) {
        return table.getColumns().stream().filter(c -> header.equals(c.getText())).findFirst().orElse(null);
    }
}
