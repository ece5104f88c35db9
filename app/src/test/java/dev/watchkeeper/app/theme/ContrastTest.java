package dev.watchkeeper.app.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.ui.Styles;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every health colour the console writes text in meets WCAG AA (4.5:1) on the page background, in
 * the light and the dark theme.
 */
class ContrastTest extends ApplicationTest {

    private Scene scene;
    private final List<Label> labels = new ArrayList<>();
    private final VBox page = new VBox();

    @Override
    public void start(Stage stage) {
        for (String style : Styles.HEALTH) {
            Label l = new Label(style);
            l.getStyleClass().add(style);
            labels.add(l);
        }
        page.getChildren().addAll(labels);
        page.setStyle("-fx-background-color: -color-bg-default;");
        scene = new Scene(page, 300, 300);
        scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void lightAgain() {
        interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
    }

    static double luminance(Color c) {
        double[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            rgb[i] = rgb[i] <= 0.03928 ? rgb[i] / 12.92 : Math.pow((rgb[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private void check(String theme) {
        interact(() -> {
            scene.getRoot().applyCss();
            Color bg = (Color) page.getBackground().getFills().getFirst().getFill();
            for (Label l : labels) {
                Color fg = (Color) l.getTextFill();
                assertThat(contrast(fg, bg)).as(theme + " " + l.getText() + " " + fg + " on " + bg).isGreaterThanOrEqualTo(4.5);
            }
        });
    }

    @Test
    void healthColoursAreReadableInBothThemes() {
        interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        check("light");
        interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        check("dark");
    }

    @Test
    void theContrastFormulaIsWcags() {
        assertThat(contrast(Color.BLACK, Color.WHITE)).isEqualTo(21.0);
        assertThat(contrast(Color.web("#767676"), Color.WHITE)).isBetween(4.5, 4.6);
    }
}
