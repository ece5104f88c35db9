package dev.watchkeeper.app.detail;

import org.kordamp.ikonli.Ikon;

/**
 * One line of an indexer's facts ("Block stream: RUNNING · 12 s ago"), with the style class and
 * icon the view shows it with (from the one mapping in {@code ui.Styles}).
 *
 * @param name  empty for a line without a name (the data's age)
 * @param style a style class, or null
 * @param icon  null for none
 */
public record Fact(String name, String value, String style, Ikon icon) {

    public String text() {
        return name.isEmpty() ? value : name + ": " + value;
    }
}
