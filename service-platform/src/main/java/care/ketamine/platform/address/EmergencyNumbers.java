package care.ketamine.platform.address;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The number that reaches emergency services in each country, for a dosing address whose clinician set none.
 * Read from the setting {@code emergency-numbers} ("US=911,GB=999,..."); a country it does not name gets
 * {@code emergency-numbers.fallback}, 112 unless set: the number every GSM mobile phone routes to emergency
 * services, and the EU's. Plain Java.
 */
public record EmergencyNumbers(Map<String, String> byCountry, String fallback) {

    public EmergencyNumbers {
        byCountry = Map.copyOf(byCountry);
    }

    /** "US=911, CA=911, GB=999": pairs separated by commas; blank pairs are skipped. */
    public static EmergencyNumbers parse(String pairs, String fallback) {
        Map<String, String> numbers = new HashMap<>();
        for (String pair : pairs == null ? new String[0] : pairs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("emergency-numbers: expected COUNTRY=NUMBER, not '" + pair.strip() + "'");
            }
            numbers.put(parts[0].strip().toUpperCase(Locale.ROOT), parts[1].strip());
        }
        return new EmergencyNumbers(numbers, fallback);
    }

    /** The country's emergency number; the fallback for a country not listed. */
    public String of(String country) {
        return country == null ? fallback : byCountry.getOrDefault(country.strip().toUpperCase(Locale.ROOT), fallback);
    }
}
