-- The first statement works, the second cannot: the table must not survive the failure.
CREATE TABLE half_built (id INTEGER NOT NULL PRIMARY KEY);
INSERT INTO no_such_table (id) VALUES (1);
