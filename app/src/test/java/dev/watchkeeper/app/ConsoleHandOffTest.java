package dev.watchkeeper.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleHandOffTest {

    @TempDir
    Path dir;

    @Test
    void theMainLauncherGetsTheSameArgumentsAndItsExitCodeIsReturned() throws IOException {
        Path seen = dir.resolve("seen.txt");
        Path launcher = script("watchkeeper", "printf '%s\\n' \"$@\" > '" + seen + "'\nexit 7\n");

        int code = ConsoleHandOff.run(launcher, new String[]{"--demo", "--indexers", "50", "two words"});

        assertThat(code).isEqualTo(7);
        assertThat(Files.readAllLines(seen)).containsExactly("--demo", "--indexers", "50", "two words");
    }

    @Test
    void aMissingMainLauncherIsAClearFailureNotACrash() {
        assertThat(ConsoleHandOff.run(dir.resolve("watchkeeper"), new String[0])).isEqualTo(1);
    }

    @Test
    void onlyTheCommandLineLaunchersJvmHandsOff() {
        try {
            System.clearProperty(ConsoleHandOff.PROPERTY);
            assertThat(ConsoleHandOff.target()).isNull();
            System.setProperty(ConsoleHandOff.PROPERTY, dir.resolve("bin/watchkeeper").toString());
            assertThat(ConsoleHandOff.target()).isEqualTo(dir.resolve("bin/watchkeeper"));
        } finally {
            System.clearProperty(ConsoleHandOff.PROPERTY);
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
