-- 0003: mediators, cases and everything that happens to them.
--
-- The rules live here as well as in C: enums, money that cannot be negative, one agreement per
-- resolved case, the status machine (a trigger: no SQL path can make an illegal transition),
-- closed cases that only their follow-up may change, and an append-only audit trail.

CREATE TYPE dispute_type AS ENUM (
    'marriage_family', 'neighbor', 'housing_homestead', 'contract', 'production_business',
    'damages', 'forest_land', 'land_requisition', 'environment', 'labor', 'consumer', 'medical',
    'traffic', 'property_management', 'other');
CREATE TYPE case_source AS ENUM (
    'party_application', 'proactive', 'police_referral', 'court_referral', 'government_referral',
    'grid_report', 'hotline', 'online', 'sweep_campaign');
CREATE TYPE risk_level AS ENUM ('none', 'yellow', 'orange', 'red');
CREATE TYPE mediation_channel AS ENUM ('people', 'administrative', 'judicial', 'industry');
CREATE TYPE case_status AS ENUM (
    'received', 'accepted', 'declined', 'assigned', 'in_mediation', 'closed');
CREATE TYPE case_outcome AS ENUM ('resolved', 'failed', 'terminated', 'withdrawn', 'referred');
CREATE TYPE party_role AS ENUM ('applicant', 'respondent', 'third_party');
CREATE TYPE party_kind AS ENUM ('person', 'organization');
CREATE TYPE session_kind AS ENUM ('in_person', 'phone', 'video');
CREATE TYPE agreement_form AS ENUM ('written', 'oral');
CREATE TYPE performance AS ENUM ('fulfilled', 'partial', 'breached');

CREATE TABLE mediators (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id      integer NOT NULL REFERENCES centers (id),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    organization   text NOT NULL CHECK (length(organization) BETWEEN 1 AND 200),
    channel        mediation_channel NOT NULL,
    specialties    dispute_type[] NOT NULL DEFAULT '{}',
    max_open_cases integer NOT NULL DEFAULT 20 CHECK (max_open_cases BETWEEN 1 AND 1000),
    active         boolean NOT NULL DEFAULT true,
    user_id        bigint UNIQUE REFERENCES users (id),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mediators_center ON mediators (center_id, id);

-- Days to conclude a case, by dispute type (NULL: any type) and risk level, per center.
CREATE TABLE deadline_policies (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id          integer NOT NULL REFERENCES centers (id),
    dispute_type       dispute_type,
    risk_level         risk_level NOT NULL,
    days               integer NOT NULL CHECK (days BETWEEN 1 AND 365),
    max_extension_days integer NOT NULL DEFAULT 30 CHECK (max_extension_days BETWEEN 0 AND 365),
    UNIQUE NULLS NOT DISTINCT (center_id, dispute_type, risk_level)
);

-- Case numbers {center}-{year}-{seq}: one row per center and year, locked by the UPDATE that
-- takes the next number, so numbers are unique and gap-free under concurrency.
CREATE TABLE case_counters (
    center_id integer NOT NULL REFERENCES centers (id),
    year      integer NOT NULL,
    last_seq  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, year)
);

CREATE TABLE cases (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id               integer NOT NULL REFERENCES centers (id),
    case_no                 text NOT NULL UNIQUE,
    dispute_type            dispute_type NOT NULL,
    source                  case_source NOT NULL,
    community_id            bigint NOT NULL REFERENCES communities (id),
    summary                 text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    claims                  text NOT NULL DEFAULT '' CHECK (length(claims) <= 2000),
    occurred_on             date,
    risk_level              risk_level NOT NULL DEFAULT 'none',
    status                  case_status NOT NULL DEFAULT 'received',
    channel                 mediation_channel,
    mediator_id             bigint REFERENCES mediators (id),
    received_at             timestamptz NOT NULL DEFAULT now(),
    accepted_at             timestamptz,
    assigned_at             timestamptz,
    due_at                  timestamptz,
    paused_at               timestamptz,
    extended_days           integer NOT NULL DEFAULT 0 CHECK (extended_days >= 0),
    closed_at               timestamptz,
    outcome                 case_outcome,
    outcome_note            text,
    referred_to             text,
    prevented_escalation    boolean NOT NULL DEFAULT false,
    prevented_mass_petition boolean NOT NULL DEFAULT false,
    decline_reason          text,
    referral_advice         text,
    external_system         text CHECK (external_system ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    external_id             text CHECK (length(external_id) BETWEEN 1 AND 128),
    version                 integer NOT NULL DEFAULT 1,
    -- follow-up (the only things that change once closed)
    return_visit_at         timestamptz,
    return_visit_note       text,
    performance             performance,
    judicial_confirmation   boolean NOT NULL DEFAULT false,
    -- what full-text search reads: summary, claims and party names (kept by the store)
    search_text             text NOT NULL DEFAULT '',
    UNIQUE (external_system, external_id),
    CHECK ((external_system IS NULL) = (external_id IS NULL)),
    CHECK ((status = 'closed') = (outcome IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (status NOT IN ('assigned', 'in_mediation') OR mediator_id IS NOT NULL),
    CHECK (status <> 'accepted' OR due_at IS NOT NULL),
    CHECK (outcome <> 'referred' OR referred_to IS NOT NULL),
    CHECK (status <> 'declined' OR decline_reason IS NOT NULL)
);
CREATE INDEX cases_list ON cases (center_id, received_at DESC, id DESC);
CREATE INDEX cases_due ON cases (center_id, due_at, id) WHERE status IN ('accepted', 'assigned', 'in_mediation');
CREATE INDEX cases_mediator ON cases (mediator_id, status);
CREATE INDEX cases_status ON cases (center_id, status, received_at DESC, id DESC);
-- trigram index: substring search that works for Chinese (no word boundaries) and Latin text
CREATE INDEX cases_search ON cases USING gin (search_text gin_trgm_ops);

CREATE TABLE parties (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES cases (id),
    position    integer NOT NULL,
    role        party_role NOT NULL,
    kind        party_kind NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- resident ID number or unified social credit code; never indexed: people are recognised
    -- through id_hash, a keyed hash (HMAC-SHA256 with a server secret) of the normalised number
    id_number   text,
    id_hash     bytea CHECK (length(id_hash) = 32),
    phone       text,
    phone_hash  bytea CHECK (length(phone_hash) = 32),
    address     text CHECK (length(address) <= 200),
    UNIQUE (case_id, position),
    CHECK ((id_number IS NULL) = (id_hash IS NULL)),
    CHECK ((phone IS NULL) = (phone_hash IS NULL))
);
CREATE INDEX parties_case ON parties (case_id);
CREATE INDEX parties_id_hash ON parties (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX parties_phone_hash ON parties (phone_hash) WHERE phone_hash IS NOT NULL;

CREATE TABLE mediation_sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id),
    held_at       timestamptz NOT NULL,
    kind          session_kind NOT NULL,
    participants  text NOT NULL CHECK (length(participants) BETWEEN 1 AND 500),
    notes         text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
    mediator_id   bigint REFERENCES mediators (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id, held_at);

-- One agreement per resolved case: the primary key is the case.
CREATE TABLE agreements (
    case_id         bigint PRIMARY KEY REFERENCES cases (id),
    amount_fen      bigint NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000000000),
    form            agreement_form NOT NULL,
    signed_on       date NOT NULL,
    terms           text NOT NULL CHECK (length(terms) BETWEEN 1 AND 5000),
    performance_method text,
    perform_by      date
);

-- Every extension, pause and resumption of a deadline, kept.
CREATE TABLE deadline_changes (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id            bigint NOT NULL REFERENCES cases (id),
    kind               text NOT NULL CHECK (kind IN ('extend', 'pause', 'resume')),
    days               integer,
    reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    applicant_consent  boolean,
    respondent_consent boolean,
    due_before         timestamptz,
    due_after          timestamptz,
    at                 timestamptz NOT NULL DEFAULT now(),
    actor              text NOT NULL,
    CHECK (kind <> 'extend' OR (days > 0 AND applicant_consent AND respondent_consent))
);
CREATE INDEX deadline_changes_case ON deadline_changes (case_id, at);

-- The audit trail of every case: who, when, what, before and after, why.
CREATE TABLE case_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id),
    center_id     integer NOT NULL REFERENCES centers (id),
    at            timestamptz NOT NULL DEFAULT now(),
    actor_key_id  bigint REFERENCES api_keys (id),
    actor_user_id bigint REFERENCES users (id),
    actor         text NOT NULL,
    action        text NOT NULL,
    from_status   case_status,
    to_status     case_status,
    before        jsonb,
    after         jsonb,
    reason        text,
    request_id    text
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE INDEX case_events_feed ON case_events (id);

CREATE TRIGGER case_events_append_only
    BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER case_events_no_truncate
    BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Idempotency-Key: the first response to (caller, key) is kept for 24 hours and replayed for a
-- retry with the same body. Concurrent retries serialize on the primary key.
CREATE TABLE idempotency_keys (
    caller        text NOT NULL,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  bytea NOT NULL,
    status        integer,
    location      text,
    etag          text,
    body          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- The status machine, in the database: the only transitions DESIGN.md §2 allows, and a closed
-- case changes only in its follow-up columns.
CREATE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'declined' THEN
        RAISE EXCEPTION 'case % is declined and final', OLD.case_no
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
    END IF;
    IF OLD.status = 'closed' THEN
        IF (NEW.*) IS DISTINCT FROM (OLD.*) AND (
               NEW.status, NEW.outcome, NEW.closed_at, NEW.dispute_type, NEW.source,
               NEW.community_id, NEW.summary, NEW.claims, NEW.risk_level, NEW.mediator_id,
               NEW.due_at, NEW.prevented_escalation, NEW.prevented_mass_petition,
               NEW.external_system, NEW.external_id, NEW.search_text)
               IS DISTINCT FROM (
               OLD.status, OLD.outcome, OLD.closed_at, OLD.dispute_type, OLD.source,
               OLD.community_id, OLD.summary, OLD.claims, OLD.risk_level, OLD.mediator_id,
               OLD.due_at, OLD.prevented_escalation, OLD.prevented_mass_petition,
               OLD.external_system, OLD.external_id, OLD.search_text) THEN
            RAISE EXCEPTION 'case % is closed: only its follow-up may change', OLD.case_no
                USING ERRCODE = 'check_violation', CONSTRAINT = 'case_closed_immutable';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
           (OLD.status = 'received' AND NEW.status IN ('accepted', 'declined'))
        OR (OLD.status = 'accepted' AND NEW.status = 'assigned')
        OR (OLD.status = 'assigned' AND NEW.status = 'in_mediation')
        OR (NEW.status = 'closed' AND (
               (OLD.status = 'in_mediation')
            OR (NEW.outcome = 'withdrawn')
            OR (NEW.outcome = 'referred' AND OLD.status IN ('accepted', 'assigned'))))) THEN
        RAISE EXCEPTION 'case % cannot go from % to %', OLD.case_no, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER cases_guard BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION cases_guard();

CREATE FUNCTION cases_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'received' THEN
        RAISE EXCEPTION 'a new case starts received'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'case_status_transition';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER cases_insert_guard BEFORE INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_insert_guard();

-- Agreements belong to resolved cases only.
CREATE FUNCTION agreements_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND outcome = 'resolved') THEN
        RAISE EXCEPTION 'an agreement needs a resolved case'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'agreement_needs_resolved_case';
    END IF;
    RETURN NEW;
END
$$;

CREATE CONSTRAINT TRIGGER agreements_guard AFTER INSERT OR UPDATE ON agreements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreements_guard();

-- ... and a resolved case has its agreement by the end of the transaction that resolves it.
CREATE FUNCTION cases_resolved_need_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.outcome = 'resolved' AND NOT EXISTS (SELECT 1 FROM agreements WHERE case_id = NEW.id) THEN
        RAISE EXCEPTION 'case % is resolved without an agreement', NEW.case_no
            USING ERRCODE = 'check_violation', CONSTRAINT = 'resolved_case_needs_agreement';
    END IF;
    RETURN NEW;
END
$$;

CREATE CONSTRAINT TRIGGER cases_resolved_need_agreement AFTER UPDATE OF outcome ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cases_resolved_need_agreement();
