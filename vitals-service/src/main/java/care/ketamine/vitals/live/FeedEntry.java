package care.ketamine.vitals.live;

/** One event of a session's feed: its offset on the session's partition (the SSE id), its type and JSON. */
record FeedEntry(long offset, String type, String event) {

    /** The SSE event name: reading, patient-check-in, sitter-check-in or prompt. */
    String eventName() {
        return switch (type) {
            case "reading.recorded" -> "reading";
            case "check-in.patient" -> "patient-check-in";
            case "check-in.sitter" -> "sitter-check-in";
            case "check-in.prompted" -> "prompt";
            default -> type;
        };
    }
}
