package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.demo.LauncherConfig;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark in the JVM an operator's console gets from the app image: the image's runtime,
 * its main launcher's options and class path, and its ahead-of-time cache, required
 * ({@code -XX:AOTMode=on}: a cache that does not map fails the run instead of measuring without it).
 * The benchmark's own classes follow the image's on the class path, as the JVM allows with a cache.
 *
 * <pre>ImageJvm --image dist/target/jpackage/watchkeeper MAIN-CLASS [its arguments]</pre>
 */
public final class ImageJvm {

    private ImageJvm() {
    }

    /** Whether this JVM maps an app's ahead-of-time cache (as the image's launcher does). */
    static boolean appCache() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[0].equals("--image")) {
            System.err.println("usage: ImageJvm --image APP-IMAGE MAIN-CLASS [arguments]");
            System.exit(2);
        }
        Path image = Path.of(args[1]).toAbsolutePath();
        Path appDir = image.resolve("lib/app");
        if (!java.nio.file.Files.isRegularFile(appDir.resolve(LauncherConfig.FILE))) {
            System.err.println("ImageJvm: no app image at " + image + " (build it: mvn -Ppackage -DskipTests -pl dist -am package)");
            System.exit(2);
        }
        LauncherConfig config = LauncherConfig.read(appDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(image.resolve("lib/runtime/bin/java").toString());
        cmd.addAll(config.javaOptions());
        cmd.add("-XX:AOTMode=on");
        cmd.addAll(LauncherConfig.HEADLESS);
        String dataDir = System.getProperty("watchkeeper.data.dir");
        if (dataDir != null) {
            cmd.add("-Dwatchkeeper.data.dir=" + dataDir);
        }
        cmd.add("-cp");
        cmd.add(config.classPath(appDir) + ":" + ownCode());
        // a cache that does not map ends the JVM with exit 1, as a missed target does: told apart here
        List<String> check = new ArrayList<>(cmd);
        check.add("-version");
        Process probe = new ProcessBuilder(check).redirectErrorStream(true).start();
        String said = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (probe.waitFor() != 0) {
            System.err.println("ImageJvm: the image's JVM does not start with its ahead-of-time cache:\n" + said);
            System.exit(2);
        }
        cmd.addAll(List.of(args).subList(2, args.length));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        System.exit(p.waitFor());
    }

    private static String ownCode() throws URISyntaxException {
        return Path.of(ImageJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
