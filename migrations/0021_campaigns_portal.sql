-- Issue 16: campaigns (专项行动), the party portal (tracking codes, satisfaction ratings) and red
-- and orange cases first in the lists sorted by receipt.

-- A campaign of a center: a name and a period. Cases of any source are tagged with it, at intake
-- or afterwards (case_campaigns; each tag is a 'campaign.tag' case event).
CREATE TABLE campaigns (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id integer NOT NULL REFERENCES centers (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    starts_on date NOT NULL,
    ends_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    UNIQUE (center_id, name)
);

CREATE TABLE case_campaigns (
    campaign_id bigint NOT NULL REFERENCES campaigns (id),
    case_id bigint NOT NULL REFERENCES cases (id),
    tagged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, case_id)
);
CREATE INDEX case_campaigns_case ON case_campaigns (case_id);

-- A case applied for in the portal: the keyed hash (HMAC-SHA256 with the PII hash key) of the
-- tracking code shown once to the applicant; the code itself is never stored.
CREATE TABLE portal_access (
    case_id bigint PRIMARY KEY REFERENCES cases (id),
    code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One satisfaction rating (满意度评价) per case, given by a party after closing.
CREATE TABLE case_ratings (
    case_id bigint PRIMARY KEY REFERENCES cases (id),
    center_id integer NOT NULL REFERENCES centers (id),
    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
    rated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_ratings_center_rated ON case_ratings (center_id, rated_at);

-- Red (2), then orange (1), then the rest (0): the order of the lists sorted by receipt.
CREATE FUNCTION list_priority(r risk_level) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE r WHEN 'red' THEN 2 WHEN 'orange' THEN 1 ELSE 0 END $$;

CREATE INDEX cases_list_risk ON cases (center_id, list_priority(risk_level) DESC, received_at DESC,
                                       id DESC);
