package dev.watchkeeper.app.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Light (Primer Light) or dark (Primer Dark) theme for the whole application. Health colours
 * follow through the named CSS variables in watchkeeper.css.
 */
public final class ThemeSwitcher {

    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");

    public ThemeSwitcher(boolean initiallyDark) {
        dark.addListener((obs, o, d) -> apply(d));
        dark.set(initiallyDark);
        apply(initiallyDark);
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public boolean isDark() {
        return dark.get();
    }

    public void toggle() {
        dark.set(!dark.get());
    }

    private static void apply(boolean d) {
        Application.setUserAgentStylesheet(d ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }
}
