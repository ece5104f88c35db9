package dev.watchkeeper.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What jpackage wrote into the image's main launcher configuration ({@code lib/app/watchkeeper.cfg}):
 * its class path in order (the console's jar first), its main class and its JVM options, with
 * {@code $APPDIR} standing for the directory of the file. A cache is trained with exactly these:
 * the JVM checks the class path and the options when it maps one.
 */
public record LauncherConfig(List<String> jars, String mainClass, List<String> javaOptions) {

    public static final String FILE = "watchkeeper.cfg";
    /** A console without a display: JavaFX's headless platform and software rendering (training, benchmarks). */
    public static final List<String> HEADLESS = List.of("-Dglass.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true");

    public static LauncherConfig read(Path appDir) throws IOException {
        List<String> jars = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String mainClass = null;
        for (String line : Files.readAllLines(appDir.resolve(FILE))) {
            if (line.startsWith("app.classpath=$APPDIR/")) {
                jars.add(line.substring("app.classpath=$APPDIR/".length()));
            } else if (line.startsWith("app.mainclass=")) {
                mainClass = line.substring("app.mainclass=".length());
            } else if (line.startsWith("java-options=")) {
                options.add(line.substring("java-options=".length()).replace("$APPDIR", appDir.toString()));
            }
        }
        if (jars.isEmpty() || mainClass == null) {
            throw new IllegalStateException(appDir.resolve(FILE) + " names no class path or main class");
        }
        return new LauncherConfig(List.copyOf(jars), mainClass, List.copyOf(options));
    }

    /** The class path with each jar's full path. */
    public String classPath(Path appDir) {
        return String.join(":", jars.stream().map(j -> appDir.resolve(j).toString()).toList());
    }
}
