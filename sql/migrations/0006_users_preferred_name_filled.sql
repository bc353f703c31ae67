-- silver.users.preferred_name is now filled by the users consolidation (docs/silver-model.md, "users"): the column
-- comment that said it was not populated is corrected. Re-running it changes nothing.
COMMENT ON COLUMN silver.users.preferred_name IS 'Name the person is shown by: MCommunity displayName, else AD displayName, else TDX FullName, else first and last name';
