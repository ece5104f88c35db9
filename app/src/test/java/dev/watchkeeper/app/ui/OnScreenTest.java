package dev.watchkeeper.app.ui;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.watchkeeper.app.support.FxCalls.fx;
import static org.assertj.core.api.Assertions.assertThat;

class OnScreenTest extends ApplicationTest {

    private TabPane tabs;
    private Tab second;
    private StackPane secondView;
    private final AtomicInteger shownAgain = new AtomicInteger();

    @Override
    public void start(Stage stage) {
        secondView = new StackPane(new Label("epochs"));
        second = new Tab("Epochs", secondView);
        tabs = new TabPane(new Tab("Attention", new Label("attention")), second);
        OnScreen.whenShownAgain(secondView, shownAgain::incrementAndGet);
        stage.setScene(new Scene(tabs, 400, 300));
        stage.show();
    }

    @Test
    void aTabsContentIsShownOnlyWhileTheTabIsSelectedAndIsToldWhenItComesBack() throws Exception {
        Label inside = (Label) secondView.getChildren().getFirst();
        assertThat(fx(() -> OnScreen.isShown(inside))).as("behind the selected tab: in the scene, not shown").isFalse();
        assertThat(fx(() -> inside.getScene() != null)).isTrue();

        fx(() -> {
            tabs.getSelectionModel().select(second);
            return null;
        });
        assertThat(fx(() -> OnScreen.isShown(inside))).isTrue();
        assertThat(shownAgain).hasValue(1);

        fx(() -> {
            tabs.getSelectionModel().select(0);
            return null;
        });
        assertThat(fx(() -> OnScreen.isShown(inside))).isFalse();
        assertThat(shownAgain).hasValue(1);
    }
}
