package care.ketamine.session.domain;

import care.ketamine.contracts.security.Roles;
import care.ketamine.contracts.vitals.DeviceKinds;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a device is declared to be at pairing: its role, its kind and how often it promises to send.
 * A patient's device is a cuff, an oximeter or a combined monitor (the monitor when no kind is named,
 * as clients before kinds paired it); a sitter's is a phone, which sends check-ins and has no cadence.
 * The cadence bounds keep device silence meaningful: an oximeter that streams about once a second
 * sends its batches within a minute; a cuff measures every 1 to 60 minutes.
 */
public record DeviceDeclaration(String role, String kind, Integer cadenceSeconds) {

    /** Bounds of a declared cadence, in seconds, both inclusive. */
    public record CadenceBounds(int min, int max) {
        boolean contain(int seconds) {
            return seconds >= min && seconds <= max;
        }
    }

    public static final Map<String, CadenceBounds> CADENCE_BOUNDS = Map.of(
            DeviceKinds.PULSE_OXIMETER, new CadenceBounds(1, 60),
            DeviceKinds.BP_CUFF, new CadenceBounds(60, 3600),
            DeviceKinds.MONITOR, new CadenceBounds(10, 900));

    /** The declaration with the role's default kind when none was named. */
    public static DeviceDeclaration of(String role, String kind, Integer cadenceSeconds) {
        String named = kind != null ? kind : Roles.SITTER.equals(role) ? DeviceKinds.SITTER_PHONE : DeviceKinds.MONITOR;
        return new DeviceDeclaration(role, named, cadenceSeconds);
    }

    /** Field name to what is wrong with it; empty when the declaration may be paired. */
    public Map<String, String> violations() {
        Map<String, String> wrong = new LinkedHashMap<>();
        if (Roles.PATIENT_DEVICE.equals(role)) {
            if (!DeviceKinds.READING_KINDS.contains(kind) && !DeviceKinds.PATIENT_PHONE.equals(kind)) {
                wrong.put("kind", "a patient-device is bp-cuff, pulse-oximeter, monitor (the default) or patient-phone");
            }
        } else if (Roles.SITTER.equals(role)) {
            if (!DeviceKinds.SITTER_PHONE.equals(kind)) {
                wrong.put("kind", "a sitter's device is sitter-phone (the default)");
            }
        }
        if (cadenceSeconds != null && !wrong.containsKey("kind")) {
            CadenceBounds bounds = CADENCE_BOUNDS.get(kind);
            if (bounds == null) {
                wrong.put("cadenceSeconds", "a " + kind + " sends no readings: declare no cadence");
            } else if (!bounds.contain(cadenceSeconds)) {
                wrong.put("cadenceSeconds", "a " + kind + " declares " + bounds.min() + " to " + bounds.max()
                        + " seconds, or none for the default");
            }
        }
        return wrong;
    }
}
