-- Keys under which a host enrolling with the token may add tags of its own, comma-separated;
-- empty: the token's tags are all the host gets (hostile-probe finding 3).
ALTER TABLE join_tokens ADD COLUMN allowed_tag_keys VARCHAR(2000) NOT NULL DEFAULT '';
