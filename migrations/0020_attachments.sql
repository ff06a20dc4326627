-- 0020: case attachments (issue 14): evidence (证据), agreement scans (调解协议书扫描件), ID copies
-- (身份证明, personal data: only those who work the case see them) and others, stored in
-- PostgreSQL in chunks of at most 256 KiB, so that neither an upload nor a download needs the
-- whole file in memory at once. Deleting is soft (deleted_at, audited); chunks stay with their
-- row. Every upload, download and deletion is a case event (the audit trail); uploads are also
-- feed events (case.attachment_added, through the audit trigger of migration 0018).

CREATE TABLE attachments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id integer NOT NULL REFERENCES centers (id),
    case_id bigint NOT NULL REFERENCES cases (id),
    kind text NOT NULL CHECK (kind IN ('evidence', 'agreement', 'id_copy', 'other')),
    filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (length(content_type) BETWEEN 1 AND 100),
    size bigint NOT NULL CHECK (size >= 0),
    sha256 bytea NOT NULL CHECK (length(sha256) = 32),
    chunks integer NOT NULL CHECK (chunks >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    deleted_at timestamptz,
    deleted_by text
);
CREATE INDEX attachments_case ON attachments (case_id, id) WHERE deleted_at IS NULL;

CREATE TABLE attachment_chunks (
    attachment_id bigint NOT NULL REFERENCES attachments (id),
    seq integer NOT NULL CHECK (seq >= 0),
    data bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 262144),
    PRIMARY KEY (attachment_id, seq)
);
-- the formats accepted (PDF, JPEG, PNG, OFD, DOCX) are compressed already
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TRIGGER attachment_chunks_append_only BEFORE DELETE OR UPDATE ON attachment_chunks
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
