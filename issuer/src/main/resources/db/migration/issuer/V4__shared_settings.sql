-- Settings every node on this registry must agree on (hashing, lockout, window, user cap, validity,
-- origin, CA identity): recorded by the first node to start, checked by every later one, changed
-- only by the operator's `keybound bank config adopt`.
CREATE TABLE shared_setting (
    name       VARCHAR(100) PRIMARY KEY,
    setting    VARCHAR(500) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
