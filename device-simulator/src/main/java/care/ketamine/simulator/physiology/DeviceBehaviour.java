package care.ketamine.simulator.physiology;

/** What the patient's device does with a reading it just took. */
public enum DeviceBehaviour {
    /** Posts it now. */
    SEND,
    /** Takes nothing (off the arm, flat battery): the reading is lost. */
    SILENT,
    /** Keeps it (no network) to upload with the rest of the backlog later. */
    KEEP
}
