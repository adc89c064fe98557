package care.ketamine.session.domain;

import care.ketamine.contracts.vitals.DeviceKinds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the session's devices measured last, each measure from the newest reading that carries it: the
 * blood pressure from the newest reading with one (a cuff's or a monitor's), the SpO2 from the newest
 * with one (an oximeter's or a monitor's). One device's later reading never hides the other's value.
 *
 * @param bloodPressure the newest reading with a blood pressure, or null
 * @param oxygen        the newest reading with an SpO2, or null
 * @param pairedKinds   the kinds of the session's paired, unrevoked reading devices
 */
public record LatestVitals(GateReading bloodPressure, GateReading oxygen, Set<String> pairedKinds) {

    public LatestVitals {
        if (bloodPressure != null && !bloodPressure.hasBloodPressure()) {
            throw new IllegalArgumentException("the blood pressure reading has none");
        }
        if (oxygen != null && oxygen.spo2() == null) {
            throw new IllegalArgumentException("the SpO2 reading has none");
        }
        pairedKinds = Set.copyOf(pairedKinds);
    }

    /** A combined monitor's newest reading, as sessions before device kinds had. */
    public static LatestVitals ofMonitor(GateReading latest) {
        return new LatestVitals(latest != null && latest.hasBloodPressure() ? latest : null,
                latest != null && latest.spo2() != null ? latest : null, Set.of(DeviceKinds.MONITOR));
    }

    /** With a pulse oximeter paired, the dose needs its SpO2 to be fresh; otherwise SpO2 is judged when measured. */
    public boolean oximeterPaired() {
        return pairedKinds.contains(DeviceKinds.PULSE_OXIMETER);
    }

    private static boolean fresh(GateReading r, Duration maxAge, Instant now) {
        return r != null && !r.measuredAt().isBefore(now.minus(maxAge));
    }

    /**
     * Every reason these vitals forbid a dose now: no blood pressure measured within {@code maxAge}, or one
     * above the gate; no heart rate, or one above the gate (the cuff's and, when fresh, the oximeter's);
     * with an oximeter paired, no SpO2 within {@code maxAge}; an SpO2 below the floor when measured.
     */
    List<String> refusals(GateLimits gate, int spo2Floor, Duration maxAge, Instant now) {
        List<String> refusals = new ArrayList<>();
        String within = "in the last " + ProtocolTimes.spoken(maxAge);
        boolean bpFresh = fresh(bloodPressure, maxAge, now);
        boolean spo2Fresh = fresh(oxygen, maxAge, now);
        if (!bpFresh) {
            refusals.add("no blood pressure measured " + within + (pairedKinds.contains(DeviceKinds.BP_CUFF)
                    ? " by the BP cuff" : "") + (bloodPressure == null ? "" : " (the latest was at "
                    + bloodPressure.measuredAt() + ", " + GateReading.device(bloodPressure.deviceKind()) + ")"));
        } else if (bloodPressure.systolic() > gate.maxSystolic() || bloodPressure.diastolic() > gate.maxDiastolic()) {
            refusals.add("BP " + bloodPressure.systolic() + "/" + bloodPressure.diastolic() + " at "
                    + bloodPressure.measuredAt() + " (" + GateReading.device(bloodPressure.deviceKind()) + ") is above "
                    + gate.maxSystolic() + "/" + gate.maxDiastolic());
        }
        List<GateReading> heartRates = new ArrayList<>();
        if (bpFresh && bloodPressure.heartRate() != null) {
            heartRates.add(bloodPressure);
        }
        if (spo2Fresh && oxygen.heartRate() != null && !oxygen.equals(bloodPressure)) {
            heartRates.add(oxygen);
        }
        if (bpFresh || spo2Fresh) {
            if (heartRates.isEmpty()) {
                refusals.add("no heart rate measured " + within);
            }
            for (GateReading r : heartRates) {
                if (r.heartRate() > gate.maxHeartRate()) {
                    refusals.add("heart rate " + r.heartRate() + " at " + r.measuredAt() + " ("
                            + GateReading.device(r.deviceKind()) + ") is above " + gate.maxHeartRate());
                }
            }
        }
        if (oximeterPaired() && !spo2Fresh) {
            refusals.add("no SpO2 measured " + within + " by the pulse oximeter" + (oxygen == null ? ""
                    : " (the latest was at " + oxygen.measuredAt() + ", " + GateReading.device(oxygen.deviceKind()) + ")"));
        } else if (spo2Fresh && oxygen.spo2() < spo2Floor) {
            refusals.add("SpO2 " + oxygen.spo2() + " % at " + oxygen.measuredAt() + " ("
                    + GateReading.device(oxygen.deviceKind()) + ") is below " + spo2Floor + " %");
        }
        return refusals;
    }

    /** What the dose was authorized on, in words. */
    String spoken() {
        if (oxygen == null || oxygen.equals(bloodPressure)) {
            return bloodPressure == null ? "no reading" : bloodPressure.spoken();
        }
        return (bloodPressure == null ? "no blood pressure" : bloodPressure.spoken()) + "; " + oxygen.spoken();
    }
}
