package dev.watchkeeper.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherConfigTest {

    @TempDir
    Path appDir;

    @Test
    void readsTheClassPathInOrderTheMainClassAndTheOptionsWithTheirDirectory() throws IOException {
        Files.writeString(appDir.resolve(LauncherConfig.FILE), """
                [Application]
                app.classpath=$APPDIR/watchkeeper-app.jar
                app.mainclass=dev.watchkeeper.app.Launcher
                app.classpath=$APPDIR/b.jar
                app.classpath=$APPDIR/a.jar

                [JavaOptions]
                java-options=-Djpackage.app-version=0.1.0
                java-options=-XX:AOTCache=$APPDIR/watchkeeper.aot
                """);

        LauncherConfig c = LauncherConfig.read(appDir);

        assertThat(c.jars()).containsExactly("watchkeeper-app.jar", "b.jar", "a.jar");
        assertThat(c.mainClass()).isEqualTo("dev.watchkeeper.app.Launcher");
        assertThat(c.javaOptions()).containsExactly("-Djpackage.app-version=0.1.0", "-XX:AOTCache=" + appDir + "/watchkeeper.aot");
        assertThat(c.classPath(appDir)).isEqualTo(appDir + "/watchkeeper-app.jar:" + appDir + "/b.jar:" + appDir + "/a.jar");
    }

    @Test
    void aConfigurationWithoutClassPathOrMainClassIsRefusedByName() throws IOException {
        Files.writeString(appDir.resolve(LauncherConfig.FILE), "[Application]\napp.mainclass=x.Main\n");

        assertThatThrownBy(() -> LauncherConfig.read(appDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LauncherConfig.FILE).hasMessageContaining("no class path or main class");
    }
}
