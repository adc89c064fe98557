package care.ketamine.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The local stack's development signing key pair, deploy/local/dev-keys, found from any module. */
public final class DevKeys {

    private static final Path FOLDER = Path.of("deploy", "local", "dev-keys");

    private DevKeys() {
    }

    public static Path publicKey() {
        return folder().resolve("public.pem");
    }

    public static Path privateKey() {
        return folder().resolve("private.pem");
    }

    /** The project root: the nearest folder upwards holding deploy/local/dev-keys. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(FOLDER))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("deploy/local/dev-keys not found above " + Path.of("").toAbsolutePath());
    }

    private static Path folder() {
        return projectRoot().resolve(FOLDER);
    }
}
