package dev.hud.e2e.system;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/** Small real images, as a person's avatar would be. */
final class Images {

    private Images() {
    }

    static byte[] png(int width, int height, int rgb) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x + y) % 7 == 0 ? 0xffffff : rgb);
            }
        }
        var png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
