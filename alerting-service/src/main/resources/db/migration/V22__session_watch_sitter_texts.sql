-- Whether the session's plan has the sitter texted to check on the patient at a critical alert, as
-- session.changed carried it beside the sitter: false when the approving clinician said not to. Null (no word
-- yet, or an event from before plans carried it) is on, the safe choice.
ALTER TABLE session_watch
    ADD COLUMN text_sitter boolean;
