package care.ketamine.session.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The short code a phone is paired with: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
 * shown as two groups of four ("7KQ2-M9XD"). 30^8 codes, about 6.6 * 10^11: with a code valid for 10 minutes and
 * failed attempts limited per address, guessing one is not a practical way in.
 */
public record PairingCode(String characters) {

    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 8;

    public PairingCode {
        if (characters == null || characters.length() != LENGTH
                || characters.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            throw new IllegalArgumentException("a pairing code is " + LENGTH + " characters of " + ALPHABET);
        }
    }

    /** A new code; the generator must be a secure one outside tests. */
    public static PairingCode draw(RandomGenerator random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new PairingCode(code.toString());
    }

    /**
     * The code as someone typed it: case, spaces and dashes do not matter. Empty when it cannot be a code.
     */
    public static Optional<PairingCode> read(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        String characters = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (characters.length() != LENGTH || characters.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            return Optional.empty();
        }
        return Optional.of(new PairingCode(characters));
    }

    /** As the console shows it and a person reads it out. */
    public String shown() {
        return characters.substring(0, 4) + "-" + characters.substring(4);
    }

    /** What is stored: SHA-256 of the characters, hex. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(characters.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "PairingCode[hidden]";
    }
}
