package dev.watchkeeper.app.support;

import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves a node as PNG when {@code -Dwk.screenshots=DIR} is set (used to refresh docs/screenshots);
 * does nothing otherwise. Call on the FX thread.
 */
public final class Screenshots {

    private Screenshots() {
    }

    public static void save(Node node, String name) {
        String dir = System.getProperty("wk.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        WritableImage img = node.snapshot(null, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        try {
            Files.createDirectories(Path.of(dir));
            ImageIO.write(out, "png", Path.of(dir, name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
