-- Second and third compliance outreach (docs/compliance.md) remember what they sent: a row is claimed before the
-- comment is posted and marked sent afterwards, so a rerun within the minimum interval sends nothing and a crash
-- between posting and recording is resolved by reading the ticket's feed instead of posting again. Sandbox and
-- production share the database, so every row names the base URL it was sent to. Harmless on a database that
-- already has it.

CREATE TABLE IF NOT EXISTS meta.compliance_outreach (
    outreach_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id    integer NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('second', 'third')),
    base_url     text NOT NULL,
    status       text NOT NULL CHECK (status IN ('claimed', 'sent')),
    claimed_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    notify       text[] NOT NULL DEFAULT '{}',
    contacts     text[] NOT NULL DEFAULT '{}',
    comment_hash text NOT NULL,
    feed_id      integer,
    CONSTRAINT compliance_outreach_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

COMMENT ON TABLE meta.compliance_outreach IS 'Second/third compliance outreach comments: claimed before posting, sent after; no re-send within the minimum interval (no secrets)';
COMMENT ON COLUMN meta.compliance_outreach.notify IS 'Email addresses TDX was asked to notify; empty in the sandbox';
COMMENT ON COLUMN meta.compliance_outreach.contacts IS 'UIDs added as ticket contacts (third outreach: chief administrators and financial owners)';
COMMENT ON COLUMN meta.compliance_outreach.comment_hash IS 'SHA-256 of the comment text with tags and whitespace removed; a claimed row is resolved by finding it in the ticket feed';

-- At most one open claim per ticket, kind and tenant: a second concurrent run cannot claim the same comment.
CREATE UNIQUE INDEX IF NOT EXISTS idx_compliance_outreach_open_claim ON meta.compliance_outreach (ticket_id, kind, base_url) WHERE status = 'claimed';
CREATE INDEX IF NOT EXISTS idx_compliance_outreach_sent ON meta.compliance_outreach (ticket_id, kind, base_url, sent_at DESC);
