package care.ketamine.platform.live;

/** One event of a session's feed: its position (the SSE event id), its type and its JSON. */
public record FeedEntry(long position, String type, String event) {
}
