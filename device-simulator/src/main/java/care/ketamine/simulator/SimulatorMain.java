package care.ketamine.simulator;

import care.ketamine.simulator.run.Simulation;
import care.ketamine.simulator.run.SimulationSettings;
import care.ketamine.simulator.stack.ClinicApi;

import java.time.Clock;
import java.util.List;

/**
 * The device simulator's command line (deploy/local/simulate): N patients through whole dosing
 * sessions on a running stack. Exit 0 when every session completed (and, with --alarm-report, no
 * alarm was missed), 1 when one did not, 2 for bad options.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulationSettings settings;
        try {
            settings = SimulationSettings.parse(List.of(args));
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        try {
            Simulation.Report report = new Simulation(settings, Clock.systemUTC(), System.out).run();
            boolean missedAnAlarm = settings.alarmReport() && !report.alarms().missed().isEmpty();
            System.exit(report.allCompleted() && !missedAnAlarm ? 0 : 1);
        } catch (ClinicApi.StackRefused refused) {
            System.err.println("simulator: " + refused.getMessage());
            System.exit(1);
        }
    }
}
